/**
 * What play refuses before anything runs is what `ansible-playbook --syntax-check` refuses: each
 * case records whether Ansible 2.14's syntax check accepts the playbook (checked against the
 * installed Ansible when there is one) and what play says when it loads it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ansibleInstalled } from '../compat-modules/ansible.js';
import { ParseError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';

interface Case {
  name: string;
  playbook: string;
  /** ansible-playbook --syntax-check accepts it. */
  ansibleAccepts: boolean;
  /** play's load error (code and message), when it refuses. */
  playRefuses?: { code: string; message: RegExp };
  /** Other files next to the playbook (vars files, roles), by relative path. */
  files?: Record<string, string>;
}

const play = (body: string): string => `- hosts: testhost\n  gather_facts: false\n${body}`;

const CASES: Case[] = [
  {
    name: 'a collection role in roles:',
    playbook: play('  roles:\n    - ns.col.myrole\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'ROLE_COLLECTION', message: /role 'ns\.col\.myrole'.*collection 'ns\.col', and collections are not available/ },
  },
  {
    name: 'a collection role in import_role',
    playbook: play('  tasks:\n    - import_role: {name: ns.col.myrole}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'ROLE_COLLECTION', message: /role 'ns\.col\.myrole'.*collections are not available/ },
  },
  {
    name: 'a collection role in include_role (fails when it runs)',
    playbook: play('  tasks:\n    - include_role: {name: ns.col.myrole}\n'),
    ansibleAccepts: true,
  },
  {
    name: 'import_role named by a play var',
    playbook: play('  vars: {r: myrole}\n  tasks:\n    - import_role: {name: "{{ r }}"}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'ROLE_MISSING', message: /^the role 'myrole' was not found$/ },
  },
  {
    name: 'import_role named by a fact (only known when the play runs)',
    playbook: play('  tasks:\n    - set_fact: {r: myrole}\n    - import_role: {name: "{{ r }}"}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'IMPORT_TEMPLATED', message: /^'r' is undefined/ },
  },
  {
    name: 'include_role as a handler',
    playbook: play('  tasks: []\n  handlers:\n    - name: h\n      include_role: {name: r}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'HANDLER_INCLUDE_ROLE', message: /^Using 'include_role' as a handler is not supported\.$/ },
  },
  {
    name: 'import_role in a block of handlers',
    playbook: play('  tasks: []\n  handlers:\n    - block:\n        - import_role: {name: r}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'HANDLER_INCLUDE_ROLE', message: /^Using 'import_role' as a handler is not supported\.$/ },
  },
  {
    name: 'a block within a block of handlers',
    playbook: play('  tasks: []\n  handlers:\n    - block:\n        - block:\n            - name: h\n              debug: {msg: h}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'HANDLER_BLOCK', message: /^Using a block as a handler is not supported\.$/ },
  },
  {
    name: 'a block of handlers',
    playbook: play('  tasks: []\n  handlers:\n    - block:\n        - name: h\n          debug: {msg: h}\n'),
    ansibleAccepts: true,
  },
  {
    name: 'meta flush_handlers as a handler (fails when it runs)',
    playbook: play('  tasks: []\n  handlers:\n    - name: h\n      meta: flush_handlers\n'),
    ansibleAccepts: true,
  },
  {
    name: 'a loop_control key Ansible does not know',
    playbook: play('  tasks:\n    - debug: {msg: "{{ item }}"}\n      loop: [1]\n      loop_control: {loop_vars: x}\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'BAD_LOOP_CONTROL', message: /^'loop_vars' is not a valid attribute for a LoopControl$/ },
  },
  {
    name: 'loop_control that is a variable',
    playbook: play('  vars: {lc: {loop_var: x}}\n  tasks:\n    - debug: {msg: "{{ x }}"}\n      loop: [1]\n      loop_control: "{{ lc }}"\n'),
    ansibleAccepts: false,
    playRefuses: { code: 'BAD_LOOP_CONTROL', message: /^the `loop_control` value must be specified as a dictionary and cannot be a variable itself/ },
  },
  {
    name: 'loop_control with every key, templated values',
    playbook: play(
      '  vars: {p: 0}\n  tasks:\n    - debug: {msg: "{{ x }}"}\n      loop: [1]\n      loop_control: {loop_var: x, index_var: i, label: "{{ x }}", pause: "{{ p }}", extended: "yes", extended_allitems: false}\n',
    ),
    ansibleAccepts: true,
  },
  {
    name: 'import_role named by a vars_files variable (the role is looked up)',
    playbook: play('  vars_files: [names.yml]\n  tasks:\n    - import_role: {name: "{{ r }}"}\n'),
    files: { 'names.yml': 'r: nosuchrole\n' },
    ansibleAccepts: false,
    playRefuses: { code: 'ROLE_MISSING', message: /^the role 'nosuchrole' was not found$/ },
  },
  {
    name: 'import_role named by a vars_files variable',
    playbook: play('  vars_files: [names.yml]\n  tasks:\n    - import_role: {name: "{{ r }}"}\n'),
    files: { 'names.yml': 'r: myrole\n', 'roles/myrole/tasks/main.yml': '- debug: {msg: hi}\n' },
    ansibleAccepts: true,
  },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'play-load-refusals-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Each case in a directory of its own, with its files. */
async function write(c: Case, i: number): Promise<string> {
  const caseDir = path.join(dir, `case${i}`);
  for (const [name, text] of Object.entries({ ...c.files, 'site.yml': c.playbook })) {
    await mkdir(path.dirname(path.join(caseDir, name)), { recursive: true });
    await writeFile(path.join(caseDir, name), text);
  }
  return path.join(caseDir, 'site.yml');
}

function syntaxCheck(file: string): Promise<boolean> {
  const env = { ...process.env, HOME: dir, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0' };
  return new Promise((resolve) => {
    execFile('ansible-playbook', ['-i', 'testhost,', '--syntax-check', file], { cwd: dir, env }, (err) => resolve(!err));
  });
}

describe('load-time refusals match ansible-playbook --syntax-check', () => {
  CASES.forEach((c, i) => {
    it(`play: ${c.name}`, async () => {
      const file = await write(c, i);
      const loaded = loadPlaybook(file);
      if (!c.playRefuses) {
        await expect(loaded).resolves.toBeDefined();
        return;
      }
      const err = await loaded.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).code).toBe(c.playRefuses.code);
      expect((err as ParseError).message).toMatch(c.playRefuses.message);
    });
    it.skipIf(!ansibleInstalled)(`ansible-playbook --syntax-check: ${c.name}`, async () => {
      const file = await write(c, i);
      expect(await syntaxCheck(file)).toBe(c.ansibleAccepts);
      expect(c.playRefuses === undefined).toBe(c.ansibleAccepts);
    });
  });
});
