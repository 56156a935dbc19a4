import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('include_role at run time', () => {
  it('finds a role in roles_path, as roles: and import_role do', async () => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\n',
      'play.config.yml': 'roles_path: [shared]\n',
      'shared/far/tasks/main.yml': '- name: far task\n  debug: {msg: far}\n',
      'site.yml': '- hosts: h1\n  gather_facts: false\n  tasks:\n    - name: include\n      include_role: {name: "{{ which }}"}\n      vars: {which: far}\n',
    });
    const out = await project.run();
    expect(out.stderr).toBe('');
    expect(out.results.map((r) => r.task)).toEqual(['far : far task']);
  });
});
