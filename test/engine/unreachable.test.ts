import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('an unreachable host', () => {
  it('is marked unreachable with the cause, the others finish, exit 4', async () => {
    project = await Project.create({
      // nothing listens on port 1: the connection is refused at once
      'hosts.ini': 'ok1 ansible_connection=local\ndead ansible_host=127.0.0.1 ansible_port=1 ansible_user=root\nok2 ansible_connection=local\n',
      'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: first
      command: "true"
    - name: second
      copy: { dest: "{{dir}}/{{ inventory_hostname }}", content: x }
`,
    });
    const out = await project.run({ json: false });
    expect(out.code).toBe(4);
    expect(out.stdout).toMatch(/fatal: \[dead\]: UNREACHABLE! => .*refused/);
    expect(out.stdout).toMatch(/dead\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
    expect(out.stdout).toMatch(/ok1\s+: ok=2\s+changed=2\s+unreachable=0/);
    expect(out.stdout).toMatch(/ok2\s+: ok=2\s+changed=2\s+unreachable=0/);
    expect(out.stdout).toMatch(/dead: unreachable: .*refused/);
  });
});
