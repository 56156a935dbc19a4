import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/** An include argument Ansible accepts and play does not act on: refused by name when the include runs. */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('include arguments play does not act on', () => {
  it.each([
    ['include_role public: true', '- include_role: { name: r, public: true }', 'public'],
  ])('%s: the playbook loads, the include refuses it by name when it runs', async (_name, task, arg) => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\n',
      'roles/r/tasks/main.yml': '- debug: { msg: in r }\n',
      't.yml': '- debug: { msg: in t }\n',
      'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: before }\n    ${task}\n`,
    });
    const out = await project.run();
    expect(out.code).not.toBe(0);
    expect(out.results.map((r) => r.msg)).toEqual(['before']);
    expect(out.stderr).toMatch(new RegExp(`'${arg}' is not supported`));
  });

  it('public: false is what play does anyway', async () => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\n',
      'roles/r/tasks/main.yml': '- debug: { msg: in r }\n',
      'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - include_role: { name: r, public: false }\n',
    });
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.results.map((r) => r.msg)).toEqual(['in r']);
  });
});
