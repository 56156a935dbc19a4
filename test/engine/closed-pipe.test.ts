import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/**
 * `play run … | head -1`, or quitting `less`: the reader closes our stdout after the first line.
 * As in Ansible, the run goes on to its end, quietly, with the run's own exit code.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/play.js');

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

interface ClosedRun {
  code: number | null;
  stderr: string;
}

/** Runs the binary with a stdout whose reader goes away after the first line. */
function runClosingStdoutAfterFirstLine(args: string[], cwd: string): Promise<ClosedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('\n')) child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  it('does not stop the run: no stack trace, the last task runs, exit 0', async () => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\nh2 ansible_connection=local\n',
      'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: slow first task, printed after the reader has gone
      command: sleep 0.5
    - name: second task
      command: "true"
    - name: marker
      command: touch "{{dir}}/marker-{{ inventory_hostname }}"
`,
    });
    const out = await runClosingStdoutAfterFirstLine(['run', 'site.yml', '-i', 'hosts.ini'], project.dir);
    expect(out.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(existsSync(project.path('marker-h1')) && existsSync(project.path('marker-h2'))).toBe(true);
    expect(out.code).toBe(0);
  }, 60_000);
});
