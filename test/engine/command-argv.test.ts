/**
 * The command module runs its argv as execve would (Ansible runs it with subprocess, no shell):
 * the first word is always a program looked up in PATH — never an assignment, a builtin or a
 * keyword of the target's /bin/sh (dash locally, the login shell bash over SSH). What
 * ansible-playbook 2.14 answers for the same tasks is in the comments.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, type RunOutput } from '../support/project.js';
import { sshdInventoryLine } from '../support/ssh-inventory.js';
import { startSshd, sshdSkipReason, type Sshd } from '../ssh/sshd-fixture.js';

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    # ansible: failed, "[Errno 2] No such file or directory: b'HOME=/x'"
    - name: assignment word
      command: { argv: ["HOME=/x", "sh", "-c", "echo $HOME"] }
      register: assignment
      ignore_errors: true
    # ansible: failed, "[Errno 2] No such file or directory: b'cd'"
    - name: builtin name
      command: { argv: ["cd", "/"] }
      register: builtin
      ignore_errors: true
    # ansible: /bin/echo, stdout "a\\nb" (dash's builtin echo would print "-e a" first)
    - name: program shadowed by a builtin
      command: { argv: ["echo", "-e", "a\\\\nb"] }
      register: shadowed
    # ansible: failed, no such file
    - name: option-like name
      command: { argv: ["-a", "x", "id"] }
      ignore_errors: true
    # the sshd target is this machine too: every host's registered results land in the project
    - name: keep the results
      copy:
        dest: "{{dir}}/{{ inventory_hostname }}.json"
        content: "{{ {'assignment': assignment, 'builtin': builtin, 'shadowed': shadowed} | to_json }}"
`;

describe.skipIf(sshdSkipReason !== undefined)(`command argv runs as execve would ${sshdSkipReason ?? ''}`, () => {
  let sshd: Sshd;
  let project: Project;
  let out: RunOutput;
  beforeAll(async () => {
    sshd = await startSshd();
    project = await Project.create({ 'hosts.ini': `${sshdInventoryLine('remote', sshd)}\nlocal1 ansible_connection=local\n`, 'site.yml': PLAYBOOK });
    out = await project.run();
  }, 120_000);
  afterAll(async () => {
    await project?.remove();
    await sshd?.stop();
  });

  const status = (host: string, task: string) => out.results.find((x) => x.host === host && x.task === task)?.status;
  const registered = (host: string, name: string): Record<string, unknown> =>
    (JSON.parse(readFileSync(project.path(`${host}.json`), 'utf8')) as Record<string, Record<string, unknown>>)[name] ?? {};

  for (const host of ['remote', 'local1']) {
    it(`${host}: a NAME=value first word is a program that does not exist, not an assignment`, () => {
      expect(status(host, 'assignment word')).toBe('failed');
      expect(registered(host, 'assignment')).toMatchObject({ failed: true, rc: 127, stdout: '' });
    });

    it(`${host}: a builtin's name is looked up in PATH only`, () => {
      expect(status(host, 'builtin name')).toBe('failed');
      expect(registered(host, 'builtin')).toMatchObject({ failed: true, rc: 127 });
      expect(registered(host, 'shadowed')).toMatchObject({ rc: 0, stdout: 'a\nb' });
    });

    it(`${host}: a name starting with "-" is not taken as an option of exec`, () => {
      const r = out.results.find((x) => x.host === host && x.task === 'option-like name');
      expect(r?.status).toBe('failed');
      expect(r?.msg).toContain("No such file or directory: '-a'");
    });
  }
});
