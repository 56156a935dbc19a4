import { access } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/**
 * Errors known at load time (a missing src, an unsupported argument or value) in a task that
 * expects to fail are that task's failure when it runs, as in Ansible (recap compared with
 * ansible-playbook -c local on the same playbook); anywhere else they still refuse the run
 * before any host is touched.
 */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

const GUARDED = `
- hosts: all
  gather_facts: false
  tasks:
    - copy: { src: nope.txt, dest: "{{dir}}/x" }
      ignore_errors: true
      register: missing
    - block:
        - copy: { content: x, dest: "{{dir}}/z", bogus: 1 }
      rescue:
        - set_fact: { rescued: "{{ ansible_failed_result.msg }}" }
    - file: { path: "{{dir}}/y", state: bogus }
      failed_when: false
      register: fw
    - copy: { src: nope.txt, dest: "{{dir}}/x" }
      ignore_errors: true
      when: false
      register: sk
    - block:
        - template: { src: nope.j2, dest: "{{dir}}/t" }
      ignore_errors: true
    - copy: { dest: "{{dir}}/done", content: "{{ [missing.failed, fw.failed, sk.skipped] }}|{{ rescued }}" }
`;

describe('statically known errors in tasks that expect failure', () => {
  it('fail the task when it runs: ignored, rescued, failed_when, skipped by when', async () => {
    project = await Project.create({ 'hosts.ini': 'h1 ansible_connection=local\n', 'site.yml': GUARDED });
    const out = await project.run();
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    // ansible-playbook: ok=5 changed=1 failed=0 skipped=1 rescued=1 ignored=2
    expect(out.recap.h1).toMatchObject({ ok: 5, changed: 1, failed: 0, skipped: 1, rescued: 1, ignored: 2 });
    expect(out.results.map((r) => r.status)).toEqual(['failed', 'failed', 'ok', 'ok', 'skipped', 'failed', 'changed']);
    expect(out.results[0]?.msg).toMatch(/could not find 'nope.txt'/);
    expect(out.results[1]?.msg).toMatch(/unsupported argument 'bogus'/);
  });

  it('a Jinja2 syntax error under a play-level ignore_errors fails only its task', async () => {
    const play = `- hosts: all\n  gather_facts: false\n  ignore_errors: true\n  tasks:\n    - debug: { msg: "{{ 2 is == 3 }}" }\n    - debug: { msg: after }\n`;
    project = await Project.create({ 'hosts.ini': 'h1 ansible_connection=local\n', 'site.yml': play });
    const out = await project.run();
    expect(out.code).toBe(0);
    // ansible-playbook: ok=2 changed=0 failed=0 skipped=0 rescued=0 ignored=1
    expect(out.recap.h1).toMatchObject({ ok: 2, failed: 0, ignored: 1 });
    expect(out.results.map((r) => r.status)).toEqual(['failed', 'ok']);
  });

  it('refuse the run before any host is touched when nothing expects them', async () => {
    for (const task of [
      'copy: { src: nope.txt, dest: "{{dir}}/x" }',
      'file: { path: "{{dir}}/y", state: bogus }',
      // a rescue section is not guarded by its own block
      'block: [{ debug: { msg: hi } }]\n      rescue: [{ copy: { content: x, dest: "{{dir}}/z", bogus: 1 } }]',
      'copy: { src: nope.txt, dest: "{{dir}}/x" }\n      ignore_errors: false',
    ]) {
      project = await Project.create({
        'hosts.ini': 'h1 ansible_connection=local\n',
        'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: { dest: "{{dir}}/first", content: "1" }\n    - ${task}\n`,
      });
      const out = await project.run();
      expect(out.code, task).not.toBe(0);
      expect(out.stderr, task).toMatch(/^ERROR! .*site\.yml:[56]:/);
      expect(await exists(project.path('first')), task).toBe(false);
      await project.remove();
      project = undefined;
    }
  });
});
