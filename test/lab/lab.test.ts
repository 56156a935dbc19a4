import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLabHosts, labBaseInfo, labKvm, labStatus, labUp } from '../../src/lab/index.js';
import { labTestsEnabled, runCli, sshRun } from './lab-support.js';

/**
 * The shared lab (the four inventory hosts): brought up if it is not, and left up, because
 * other work may be using it. Tests here only read it or clean up what they write.
 */
const DEFAULT_LAB_HOSTS = defaultLabHosts();
const [kvmhost, virtual1, virtual2] = DEFAULT_LAB_HOSTS as [
  (typeof DEFAULT_LAB_HOSTS)[number],
  (typeof DEFAULT_LAB_HOSTS)[number],
  (typeof DEFAULT_LAB_HOSTS)[number],
];

describe.runIf(labTestsEnabled)('the lab hosts', () => {
  beforeAll(async () => {
    const started = Date.now();
    const steps: string[] = [];
    await labUp({ onProgress: (s) => steps.push(s) });
    process.stderr.write(`lab up took ${Math.round((Date.now() - started) / 1000)} s (${steps.length} steps)\n`);
  }, 1_800_000);

  it('each sshd answers on its own address, with the lab key and a known host key', async () => {
    for (const host of DEFAULT_LAB_HOSTS) {
      const r = await sshRun(host.address, 'cat /etc/hostname; hostname');
      expect(r.stderr).not.toMatch(/WARNING|Permanently added/);
      expect(r.stdout.trim().split('\n'), host.name).toEqual([host.name, host.name]);
    }
  });

  it('every sshd listens only on its host address', () => {
    const listeners = execFileSync('ss', ['-ltnH', 'sport = :22'], { encoding: 'utf8' });
    for (const host of DEFAULT_LAB_HOSTS) expect(listeners).toContain(`${host.address}:22 `);
    expect(listeners).not.toMatch(/(0\.0\.0\.0|\*|\[::\]):22 /);
  });

  it('a file written on virtual1 is invisible on virtual2', async () => {
    const file = `/root/lab-isolation-${process.pid}`;
    expect((await sshRun(virtual1.address, `echo v1 > ${file}`)).rc).toBe(0);
    try {
      expect((await sshRun(virtual1.address, `test -e ${file}`)).rc).toBe(0);
      expect((await sshRun(virtual2.address, `test -e ${file}`)).rc).toBe(1);
    } finally {
      await sshRun(virtual1.address, `rm -f ${file}`);
    }
  });

  it('PID namespaces are isolated: a host sees only its own processes', async () => {
    const r = await sshRun(virtual1.address, 'ps -e -o pid=,comm=');
    const procs = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(procs.find(([pid]) => pid === '1')?.[1]).toBe('sh');
    expect(procs.map(([, comm]) => comm)).not.toContain('node');
    expect(procs.length).toBeLessThan(40);
    // The machine cannot be seen either way: its PID of this test is not a PID in there.
    const machineView = execFileSync('ps', ['-e', '-o', 'comm='], { encoding: 'utf8' });
    expect(machineView).toContain('node');
  });

  it('has Asterisk but no Python', async () => {
    expect((await sshRun(virtual1.address, 'asterisk -V')).stdout).toMatch(/^Asterisk \d+/);
    for (const host of [kvmhost, virtual1]) {
      const r = await sshRun(host.address, 'command -v python3 || command -v python');
      expect(r.rc, host.name).not.toBe(0);
      expect(r.stdout).toBe('');
    }
  });

  it('only the kvm host sees /dev/kvm, as its own device node, and only where the machine has KVM', async () => {
    const kvm = labKvm();
    // opening it proves a working KVM, not merely a node
    expect((await sshRun(kvmhost.address, 'test -c /dev/kvm && : < /dev/kvm')).rc, kvm.reason).toBe(kvm.available ? 0 : 1);
    expect((await sshRun(virtual1.address, 'test -e /dev/kvm')).rc).toBe(1);
    const status = (await labStatus()).find((s) => s.name === kvmhost.name);
    expect(status?.kvm).toBe(kvm.available);
  });

  it('status reports every host up, and the CLI exits 0', async () => {
    const statuses = await labStatus();
    expect(statuses.filter((s) => s.kind === 'host').map((s) => [s.name, s.up])).toEqual(
      DEFAULT_LAB_HOSTS.map((h) => [h.name, true]),
    );
    const code = await runCli(['status', '--json']);
    expect(code).toBe(0);
  });

  it('says what its base image was built from: the archive date and the versions', async () => {
    const base = await labBaseInfo();
    expect(base?.suite).toBe('sid');
    expect(Date.parse(base?.archiveDate ?? '')).toBeGreaterThan(Date.parse('2025-01-01'));
    for (const pkg of ['asterisk', 'libvirt-daemon', 'qemu-system-x86', 'openssh-server'])
      expect(base?.versions[pkg], pkg).toMatch(/^\S*\d/);
    // the running Asterisk is the one recorded
    const v = (await sshRun(virtual1.address, 'asterisk -V')).stdout.trim();
    expect(base?.versions['asterisk']).toContain(v.replace(/^Asterisk /, ''));
  });

  it('up again is a no-op that keeps the same processes', async () => {
    const before = await labStatus();
    const steps: string[] = [];
    await labUp({ onProgress: (s) => steps.push(s) });
    const after = await labStatus();
    expect(after.map((s) => s.pid)).toEqual(before.map((s) => s.pid));
    expect(steps.filter((s) => s.includes('already up'))).toHaveLength(DEFAULT_LAB_HOSTS.length);
  });
});
