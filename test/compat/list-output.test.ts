/**
 * --list-tasks, --list-tags, --list-hosts and --syntax-check print what ansible-playbook 2.14 prints, byte for
 * byte: each task's tags (its own, inherited and the play's) once and sorted, role tasks as
 * "role : name", unnamed tasks by their action, tasks the tags leave out not listed. The expected
 * text is recorded from Ansible and, when it is installed, checked against it again.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ansibleInstalled } from '../compat-modules/ansible.js';
import { Project } from '../support/project.js';

const SITE = `- name: first play
  hosts: testhost
  gather_facts: false
  tags: [play]
  roles:
    - role: r1
      tags: [roletag]
  tasks:
    - name: untagged
      debug: {msg: a}
    - name: tagged
      debug: {msg: b}
      tags: [b, a, B, "10", "9", a]
    - block:
        - name: in block
          debug: {msg: c}
          tags: c
      tags: [blk]
    - debug: {msg: noname}
      tags: always
    - name: include a file
      include_tasks: other.yml
      tags: inc
- hosts: testhost
  gather_facts: false
  tasks:
    - name: t2
      command: "true"
`;

const FILES = {
  'hosts.ini': 'testhost ansible_connection=local\n',
  'site.yml': SITE,
  'other.yml': '- debug: {msg: other}\n',
  'roles/r1/tasks/main.yml': '- name: role task\n  debug: {msg: r}\n  tags: [zeta, alpha]\n',
};

const HEAD1 = '\nplaybook: site.yml\n\n  play #1 (testhost): first play\tTAGS: [play]\n';
const HEAD2 = '\n  play #2 (testhost): testhost\tTAGS: []\n';
const HOSTS = "    pattern: ['testhost']\n    hosts (1):\n      testhost\n";

/** Recorded from ansible-playbook 2.14 on the playbook above. */
const EXPECTED: Record<string, string> = {
  '--syntax-check': '\nplaybook: site.yml\n',
  '--list-tasks': [
    HEAD1,
    '    tasks:\n',
    '      r1 : role task\tTAGS: [alpha, play, roletag, zeta]\n',
    '      untagged\tTAGS: [play]\n',
    '      tagged\tTAGS: [10, 9, B, a, b, play]\n',
    '      in block\tTAGS: [blk, c, play]\n',
    '      debug\tTAGS: [always, play]\n',
    '      include a file\tTAGS: [inc, play]\n',
    HEAD2,
    '    tasks:\n',
    '      t2\tTAGS: []\n',
  ].join(''),
  '--list-tasks --tags b,roletag': [
    HEAD1,
    '    tasks:\n',
    '      r1 : role task\tTAGS: [alpha, play, roletag, zeta]\n',
    '      tagged\tTAGS: [10, 9, B, a, b, play]\n',
    '      debug\tTAGS: [always, play]\n',
    HEAD2,
    '    tasks:\n',
  ].join(''),
  '--list-tags --list-hosts': [
    HEAD1,
    HOSTS,
    '      TASK TAGS: [10, 9, B, a, alpha, always, b, blk, c, inc, play, roletag, zeta]\n',
    HEAD2,
    HOSTS,
    '      TASK TAGS: []\n',
  ].join(''),
};

let project: Project;
beforeAll(async () => {
  project = await Project.create(FILES);
});
afterAll(async () => {
  await project.remove();
});

describe('listing output is ansible-playbook\'s', () => {
  for (const [args, expected] of Object.entries(EXPECTED)) {
    const argv = args.split(' ');
    const opts = {
      listTasks: argv.includes('--list-tasks'),
      listTags: argv.includes('--list-tags'),
      listHosts: argv.includes('--list-hosts'),
      syntaxCheck: argv.includes('--syntax-check'),
      ...(argv.includes('--tags') ? { tags: [argv[argv.indexOf('--tags') + 1] as string] } : {}),
      json: false,
    };
    it(`play ${args}`, async () => {
      const out = await project.run(opts);
      expect(out.stdout).toBe(expected);
    });
    it.skipIf(!ansibleInstalled)(`ansible-playbook ${args}`, () => {
      const r = spawnSync('ansible-playbook', ['-i', 'hosts.ini', ...argv, 'site.yml'], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
      expect(r.stdout).toBe(expected);
    });
  }
});
