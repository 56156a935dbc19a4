import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_HOSTS, Project } from '../support/project.js';

/**
 * `no_log: true` hides a task's values everywhere: the console (at every verbosity), --json,
 * diffs, loop items and the messages of a failing task — while the task still does its work.
 */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const SECRET = 'n0-log-Pa55word';
const PLAYBOOK = `
- hosts: h1
  gather_facts: false
  vars:
    token: ${SECRET}
  tasks:
    - name: write it
      copy: { dest: "{{dir}}/token", content: "token={{ token }}\\n" }
      no_log: true
    - name: loop over it
      debug: { msg: "item {{ item }}" }
      loop: ["{{ token }}", "b-{{ token }}"]
      no_log: true
    - name: command prints it
      command: echo {{ token }}
      no_log: true
    - name: fails with it
      shell: echo "bad {{ token }}" >&2; exit 3
      no_log: true
      ignore_errors: true
    - name: undefined next to it
      debug: { msg: "{{ token }} {{ not_defined_anywhere }}" }
      no_log: true
      ignore_errors: true
`;

describe('no_log: true', () => {
  it('hides the values from --json, diffs, loop items and failure messages', async () => {
    project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, 'site.yml': PLAYBOOK });
    const out = await project.run({ diff: true, verbose: 3 });
    expect(out.code).toBe(0);
    expect(await readFile(project.path('token'), 'utf8')).toBe(`token=${SECRET}\n`); // it did its work
    expect(out.stdout).not.toContain(SECRET);
    expect(out.stderr).not.toContain(SECRET);
    expect(out.results.length).toBeGreaterThanOrEqual(6);
    for (const r of out.results) {
      expect(r.msg).toMatch(/no_log: true/);
      expect(r.diff).toBeNull();
    }
    expect(out.results.filter((r) => r.task === 'loop over it').map((r) => r.item)).toEqual(['(censored due to no_log)', '(censored due to no_log)']);
    expect(out.results.find((r) => r.task === 'fails with it')?.status).toBe('failed');
    expect(out.results.find((r) => r.task === 'undefined next to it')?.status).toBe('failed');
  });

  it("makes a no_log task's templated arguments secrets for the rest of the run", async () => {
    project = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'db-password': 'Fr0m-a-File-pw\n',
      'site.yml': `
- hosts: h1
  gather_facts: false
  tasks:
    - name: read the password
      set_fact: { db_password: "{{ lookup('file', '{{dir}}/db-password') }}", db_user: admin }
      no_log: true
    - name: show it later
      debug: { msg: "user {{ db_user }}, password {{ db_password }}, hashed {{ db_password | hash('sha1') }}" }
`,
    });
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.results.find((r) => r.task === 'show it later')?.msg).toBe('user admin, password ********, hashed ********');
  });

  it('hides them from the console at -vvv with --diff, too', async () => {
    project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, 'site.yml': PLAYBOOK });
    const out = await project.run({ diff: true, verbose: 3, json: false });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/TASK \[write it\]/);
    expect(out.stdout).toMatch(/no_log: true/);
    expect(out.stdout).not.toContain(SECRET);
    expect(out.stderr).not.toContain(SECRET);
  });

  it('a task without no_log shows what the others hide (the test can fail)', async () => {
    project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, 'site.yml': PLAYBOOK.replaceAll('      no_log: true\n', '') });
    const out = await project.run({ diff: true, verbose: 3, json: false });
    expect(out.stdout).toContain(SECRET);
  });

  it("takes no_log by Ansible's boolean rule: t, and a template giving 't', are true", async () => {
    const playbook = PLAYBOOK.replace('      no_log: true\n', '      no_log: t\n').replace('      no_log: true\n', '      no_log: "{{ \'t\' }}"\n');
    expect(playbook).toContain('no_log: t\n');
    expect(playbook).toContain(`no_log: "{{ 't' }}"`);
    project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, 'site.yml': playbook });
    const out = await project.run({ diff: true, verbose: 3 });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain(SECRET);
    expect(out.results.filter((r) => r.task === 'loop over it').map((r) => r.item)).toEqual(['(censored due to no_log)', '(censored due to no_log)']);
  });

  it('fails a task whose templated no_log is no boolean, naming the keyword', async () => {
    project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, 'site.yml': PLAYBOOK.replace('      no_log: true\n', '      no_log: "{{ \'maybe\' }}"\n') });
    const out = await project.run({});
    expect(out.code).not.toBe(0);
    expect(out.stdout + out.stderr).toContain("the field 'no_log' has an invalid value: The value 'maybe' is not a valid boolean.");
    expect(out.stdout + out.stderr).not.toContain(SECRET);
  });
});
