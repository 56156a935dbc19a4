import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/** Free-form and key=value task arguments as Ansible parses them (compared with ansible-playbook -c local). */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('free-form and key=value arguments', () => {
  it('a multi-line shell: | block runs line by line; key=value values decode escapes', async () => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\n',
      'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - shell: |
        echo one
        echo two
      register: lines
    - command: |
        printf '%s|' a
        b
      register: argv
    - action: "shell echo three\\necho four"
      register: action_form
    - copy: dest={{dir}}/out.txt content="x=1\\ty=2\\n"
    - copy:
        dest: "{{ out }}"
        content: "{{ lines.stdout_lines | join(',') }}|{{ argv.stdout }}|{{ action_form.stdout_lines | join(',') }}"
      vars: { out: "{{dir}}/seen.txt" }
`,
    });
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(await readFile(project.path('out.txt'), 'utf8')).toBe('x=1\ty=2\n');
    // command splits the block into words like shlex (newlines are spaces): printf gets '%s|' a b
    expect(await readFile(project.path('seen.txt'), 'utf8')).toBe('one,two|a|b||three,four');
  });
});
