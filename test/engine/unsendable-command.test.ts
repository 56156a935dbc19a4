/**
 * A command no target can take — a NUL byte in a value, or more than a target accepts in one
 * command — fails the task that built it, with a message naming that task, and sends nothing:
 * over SSH, sshd used to drop the whole connection, so the host turned unreachable. The read-ahead
 * of later file tasks' paths (prefetch) used to send such a path before the first file task ran.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES } from '../../src/connection/command.js';
import { Project, type RunOutput } from '../support/project.js';
import { sshdInventoryLine } from '../support/ssh-inventory.js';
import { startSshd, sshdSkipReason, type Sshd } from '../ssh/sshd-fixture.js';

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - name: open the connection
      command: "true"
    - name: first file
      copy: { dest: "{{dir}}/{{ inventory_hostname }}-first", content: "1\\n" }
    - name: path with a NUL
      copy: { dest: "{{dir}}/{{ inventory_hostname }}-bad\\0name", content: "x\\n" }
      ignore_errors: true
    - name: command too long for any target
      shell: "echo {{ big }} > /dev/null"
      ignore_errors: true
    - name: last file
      copy: { dest: "{{dir}}/{{ inventory_hostname }}-last", content: "3\\n" }
`;

describe.skipIf(sshdSkipReason !== undefined)(`commands that cannot be sent ${sshdSkipReason ?? ''}`, () => {
  let sshd: Sshd;
  let project: Project;
  let out: RunOutput;
  beforeAll(async () => {
    sshd = await startSshd();
    project = await Project.create({
      'hosts.ini': `${sshdInventoryLine('remote', sshd)}\nlocal1 ansible_connection=local\n`,
      'site.yml': PLAYBOOK,
      // a value that makes the command twice as long as a target accepts
      'group_vars/all.yml': `big: ${'a'.repeat(2 * MAX_COMMAND_BYTES)}\n`,
    });
    out = await project.run();
  }, 120_000);
  afterAll(async () => {
    await project?.remove();
    await sshd?.stop();
  });

  const result = (host: string, task: string) => out.results.find((r) => r.host === host && r.task === task);

  for (const host of ['remote', 'local1']) {
    it(`${host}: fails only the task with the NUL, naming it, and stays reachable`, () => {
      const bad = result(host, 'path with a NUL');
      expect(bad?.status).toBe('failed');
      expect(bad?.msg).toContain("task 'path with a NUL'");
      expect(bad?.msg).toContain('NUL byte');
      expect(result(host, 'first file')?.status).toBe('changed');
      expect(readFileSync(project.path(`${host}-first`), 'utf8')).toBe('1\n');
      expect(out.recap[host]).toMatchObject({ unreachable: 0, failed: 0, ignored: 2 });
    });

    it(`${host}: fails only the over-long command, naming it, and runs the next task`, () => {
      const long = result(host, 'command too long for any target');
      expect(long?.status).toBe('failed');
      expect(long?.msg).toContain("task 'command too long for any target'");
      expect(long?.msg).toContain(`more than the ${MAX_COMMAND_BYTES} a target accepts`);
      expect(long?.msg).toContain('stdin');
      expect(result(host, 'last file')?.status).toBe('changed');
      expect(existsSync(project.path(`${host}-last`))).toBe(true);
    });
  }

  it('exits 0: every failure was ignored and no host was unreachable', () => {
    expect(out.code).toBe(0);
  });
});
