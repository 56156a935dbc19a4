import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/**
 * include_role's `public: true`: Ansible appends the role to the play's roles, so its defaults and
 * vars reach the tasks after the include on every host of the play (not only the hosts that
 * included it), and role_names lists it. Compared with ansible-playbook by the corpus case
 * inc-role-public (one host); the second host is checked here against what Ansible 2.14 prints.
 */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const files = (publicArg: string): Record<string, string> => ({
  'hosts.ini': 'h1 ansible_connection=local\nh2 ansible_connection=local\n',
  'roles/pub/tasks/main.yml': '- debug: { msg: "in pub" }\n',
  'roles/pub/defaults/main.yml': 'pub_default: pub-default\n',
  'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - include_role: { name: pub${publicArg} }\n      when: inventory_hostname == 'h1'\n    - debug: { msg: "{{ pub_default | default('undefined') }} {{ role_names }}" }\n`,
});

describe('include_role public', () => {
  it('true: the role joins the play for the tasks after it, on every host', async () => {
    project = await Project.create(files(', public: true'));
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.results.map((r) => `${r.host} ${String(r.msg)}`)).toEqual(['h1 in pub', "h1 pub-default ['pub']", "h2 pub-default ['pub']"]);
  });

  it('false (the default): the role keeps its variables to itself', async () => {
    project = await Project.create(files(', public: false'));
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.results.map((r) => `${r.host} ${String(r.msg)}`)).toEqual(['h1 in pub', 'h1 undefined []', 'h2 undefined []']);
  });
});
