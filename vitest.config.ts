import { defineConfig } from 'vitest/config';

/**
 * Two projects: everything that runs on its own (in parallel), and the suites that use the shared
 * local lab, one file at a time — some of them reset or restart lab hosts that others read.
 */
const LAB = [
  'test/lab/**/*.test.ts',
  'test/roles/**/*.test.ts',
  'test/engine/content.ssh.test.ts',
  'test/ssh/lab-ssh.test.ts',
  'test/modules-system/lab.test.ts',
  'test/modules/lab-matrix.ssh.test.ts',
  'test/faults/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: LAB } },
      // a lab test drives real hosts (sshd, Asterisk, libvirt) on a machine that may be busy:
      // its budget is minutes, not vitest's 30 s default
      { extends: true, test: { name: 'lab', include: LAB, fileParallelism: false, testTimeout: 300_000 } },
    ],
  },
});
