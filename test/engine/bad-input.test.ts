import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_HOSTS, Project } from '../support/project.js';

/**
 * Bad input is rejected before any host is touched: one clear message with file:line:col and a
 * hint, exit 4 (parse) or 5 (options). The canary task proves nothing ran.
 */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

interface Case {
  name: string;
  files: Record<string, string>;
  opts?: Record<string, unknown>;
  code: number;
  message: RegExp;
  where?: string; // "file:line:col" relative to the project
  hint?: RegExp;
}

const CANARY = `
- hosts: all
  gather_facts: false
  tasks:
    - name: canary
      copy: { dest: "{{dir}}/ran-{{ inventory_hostname }}", content: x }
`;

const cases: Case[] = [
  {
    name: 'YAML syntax error',
    files: { 'site.yml': '- hosts: all\n  tasks:\n    - name: x\n      debug: { msg: "unterminated }\n' },
    code: 4,
    message: /YAML|flow|quote|Missing/i,
    where: 'site.yml:5:1',
  },
  {
    name: 'tab indentation',
    files: { 'site.yml': '- hosts: all\n\ttasks: []\n' },
    code: 4,
    message: /tab/,
    where: 'site.yml:2:1',
    hint: /spaces/,
  },
  {
    name: 'duplicate key',
    files: { 'site.yml': '- hosts: all\n  hosts: web\n  tasks: []\n' },
    code: 4,
    message: /unique|duplicate/i,
    where: 'site.yml:2',
  },
  {
    name: 'unknown module, with a suggestion',
    files: { 'site.yml': CANARY + '    - name: typo\n      lineinfle: { path: /x, line: y }\n' },
    code: 4,
    message: /unknown module or task keyword 'lineinfle'/,
    where: 'site.yml:8:7',
    hint: /did you mean 'lineinfile'/,
  },
  {
    name: 'unknown task keyword',
    files: { 'site.yml': CANARY + '    - name: typo\n      debug: { msg: x }\n      whn: true\n' },
    code: 4,
    message: /'whn'/,
    where: 'site.yml:9:7',
    hint: /did you mean 'when'/,
  },
  {
    name: 'unknown play keyword',
    files: { 'site.yml': '- hosts: all\n  taks: []\n' },
    code: 4,
    message: /'taks' is not a valid keyword for a play/,
    where: 'site.yml:2:3',
    hint: /did you mean 'ta(g|sk)s'/,
  },
  {
    name: 'unknown module argument',
    files: { 'site.yml': CANARY + '    - copy: { dest: /tmp/x, contnet: y }\n' },
    code: 4,
    message: /copy: unsupported argument 'contnet'/,
    where: 'site.yml:7:29',
    hint: /did you mean 'content'/,
  },
  {
    name: 'wrong argument type',
    files: { 'site.yml': CANARY + '    - file: { path: /tmp/x, state: sideways }\n' },
    code: 4,
    message: /file: invalid argument 'state'/,
    where: 'site.yml:7',
  },
  {
    name: 'missing role',
    files: { 'site.yml': '- hosts: all\n  roles:\n    - nosuchrole\n' },
    code: 4,
    message: /role 'nosuchrole' was not found/,
    where: 'site.yml:3:7',
    hint: /looked in/,
  },
  {
    name: 'missing vars_file',
    files: { 'site.yml': '- hosts: all\n  vars_files: [nope.yml]\n  tasks: []\n' },
    code: 4,
    message: /vars_files: cannot find/,
    where: 'site.yml:2',
  },
  {
    name: 'missing import_tasks file',
    files: { 'site.yml': CANARY + '    - import_tasks: nothere.yml\n' },
    code: 4,
    message: /cannot read .*nothere.yml/,
  },
  {
    name: 'recursive include',
    files: { 'site.yml': CANARY + '    - import_tasks: a.yml\n', 'a.yml': '- import_tasks: b.yml\n', 'b.yml': '- import_tasks: a.yml\n' },
    code: 4,
    message: /recursive include/,
  },
  {
    name: 'missing inventory',
    files: { 'site.yml': CANARY },
    opts: { inventory: ['does-not-exist.ini'] },
    code: 4,
    message: /does-not-exist/,
  },
  {
    name: 'task that is not a mapping',
    files: { 'site.yml': '- hosts: all\n  tasks:\n    - just a string\n' },
    code: 4,
    message: /a task must be a mapping/,
    where: 'site.yml:3:7',
  },
  {
    name: 'play without hosts',
    files: { 'site.yml': '- tasks: []\n' },
    code: 4,
    message: /no "hosts:"/,
    where: 'site.yml:1',
  },
  {
    name: 'two modules in one task',
    files: { 'site.yml': CANARY + '    - debug: { msg: a }\n      command: ls\n' },
    code: 4,
    message: /only have one module/,
  },
  {
    name: 'missing template',
    files: { 'site.yml': CANARY + '    - template: { src: nothere.j2, dest: /tmp/x }\n' },
    code: 4,
    message: /template: could not find 'nothere.j2'/,
    where: 'site.yml:7:19',
    hint: /templates/,
  },
  {
    name: 'bad --forks',
    files: { 'site.yml': CANARY },
    opts: { forks: 'many' },
    code: 5,
    message: /--forks/,
  },
  {
    name: 'bad extra vars',
    files: { 'site.yml': CANARY },
    opts: { extraVars: ['@missing-vars.yml'] },
    code: 5,
    message: /cannot read/,
  },
  {
    name: 'unknown --role',
    files: { 'site.yml': CANARY },
    opts: { role: ['ghost'] },
    code: 5,
    message: /--role ghost/,
  },
];

describe('bad input is rejected before any host is touched', () => {
  for (const c of cases) {
    it(c.name, async () => {
      project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, ...c.files });
      const out = await project.run(c.opts ?? {});
      expect(out.code).toBe(c.code);
      expect(out.stderr).toMatch(c.message);
      if (c.where) expect(out.stderr).toContain(project.path(c.where));
      if (c.hint) expect(out.stderr).toMatch(c.hint);
      expect(out.results).toEqual([]);
    });
  }
});
