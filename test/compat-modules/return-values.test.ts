/**
 * Registered results field by field against Ansible: each case runs one module with the same
 * arguments through play (in-process, local connection) and, when ansible-core is installed,
 * through ansible-playbook -c local on the same one-task playbook (its ad-hoc output is not JSON
 * for command modules); the registered fields must be equal except
 * those that differ by nature (times of the run, Ansible's temporary paths and interpreter).
 * Without Ansible, play's result is held to the field list recorded from Ansible.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';
import { ansibleInstalled, runAnsiblePlaybook } from './ansible.js';

/** Fields whose values differ between any two runs, or name Ansible's own machinery. */
const VOLATILE = new Set(['start', 'end', 'delta', 'invocation', 'ansible_facts', 'diff', 'src', 'warnings', 'deprecations', 'atime']);

interface Case {
  name: string;
  module: string;
  /** {{dir}} is the case's directory; each tool gets its own. */
  args: Record<string, unknown>;
  setup?: Record<string, string>;
  /** The fields Ansible returns (recorded from ansible-core 2.14). */
  fields: string[];
  /** Fields play leaves out, each a difference docs/compatibility.md lists. */
  omitted?: string[];
}

const CASES: Case[] = [
  {
    name: 'stat of a file',
    module: 'stat',
    args: { path: '{{dir}}/f' },
    setup: { f: 'hi\n' },
    fields: ['changed', 'failed', 'stat'],
  },
  {
    name: 'copy of new content',
    module: 'copy',
    args: { dest: '{{dir}}/new', content: 'x\n', mode: '0640' },
    fields: ['changed', 'checksum', 'dest', 'failed', 'gid', 'group', 'md5sum', 'mode', 'owner', 'size', 'state', 'uid'],
  },
  {
    name: 'copy of new content without a mode',
    module: 'copy',
    args: { dest: '{{dir}}/plain', content: 'plain\n' },
    fields: ['changed', 'checksum', 'dest', 'failed', 'gid', 'group', 'md5sum', 'mode', 'owner', 'size', 'state', 'uid'],
  },
  {
    name: 'template to a new file',
    module: 'template',
    args: { src: '{{dir}}/t.j2', dest: '{{dir}}/rendered' },
    setup: { 't.j2': 'two is {{ 1 + 1 }}\n' },
    fields: ['changed', 'checksum', 'dest', 'failed', 'gid', 'group', 'md5sum', 'mode', 'owner', 'size', 'state', 'uid'],
  },
  {
    name: 'copy of unchanged content',
    module: 'copy',
    args: { dest: '{{dir}}/same', content: 'same\n' },
    setup: { same: 'same\n' },
    fields: ['changed', 'checksum', 'dest', 'failed', 'gid', 'group', 'mode', 'owner', 'path', 'size', 'state', 'uid'],
  },
  {
    name: 'a failing command',
    module: 'command',
    args: { cmd: 'ls {{dir}}/nothing-here' },
    fields: ['changed', 'cmd', 'failed', 'msg', 'rc', 'stderr', 'stderr_lines', 'stdout', 'stdout_lines'],
  },
  {
    name: 'a failing shell',
    module: 'shell',
    args: { cmd: 'echo out; echo err >&2; exit 3' },
    fields: ['changed', 'cmd', 'failed', 'msg', 'rc', 'stderr', 'stderr_lines', 'stdout', 'stdout_lines'],
  },
];

let project: Project;
beforeAll(async () => {
  project = await Project.create({ 'hosts.ini': 'localhost ansible_connection=local\n' });
});
afterAll(async () => {
  await project.remove();
});

const fill = (v: unknown, dir: string): unknown => JSON.parse(JSON.stringify(v).replaceAll('{{dir}}', dir)) as unknown;

async function prepare(c: Case, who: string): Promise<string> {
  const dir = project.path(`${c.name.replace(/\W+/g, '-')}-${who}`);
  await project.write(Object.fromEntries(Object.entries(c.setup ?? { '.keep': '' }).map(([k, v]) => [`${dir.slice(project.dir.length + 1)}/${k}`, v])));
  return dir;
}

async function writeOneTask(c: Case, dir: string): Promise<string> {
  const task = { [c.module]: fill(c.args, dir), register: 'r', ignore_errors: true };
  const book = [{ hosts: 'all', gather_facts: false, tasks: [task, { copy: { dest: `${dir}.json`, content: '{{ r | to_json }}' } }] }];
  const file = `${dir}.yml`;
  await writeFile(file, JSON.stringify(book));
  return file;
}

/** play's registered result for the module, through a one-task playbook. */
async function playResult(c: Case, dir: string): Promise<Record<string, unknown>> {
  const run = await project.run({ playbooks: [await writeOneTask(c, dir)] });
  expect(run.stderr).toBe('');
  return JSON.parse(await readFile(`${dir}.json`, 'utf8')) as Record<string, unknown>;
}

async function ansibleResult(c: Case, dir: string): Promise<Record<string, unknown>> {
  const run = await runAnsiblePlaybook(await writeOneTask(c, dir), { cwd: project.dir });
  expect(run.code, run.output).toBe(0);
  return JSON.parse(await readFile(`${dir}.json`, 'utf8')) as Record<string, unknown>;
}

function comparable(r: Record<string, unknown>, dir: string, placeholder: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!VOLATILE.has(k)) out[k] = JSON.parse(JSON.stringify(v).replaceAll(dir, placeholder)) as unknown;
  // two files: their identity and times differ by nature
  if (out.stat && typeof out.stat === 'object') for (const k of ['atime', 'mtime', 'ctime', 'inode', 'version']) delete (out.stat as Record<string, unknown>)[k];
  return out;
}

describe('registered results as Ansible returns them', () => {
  it.each(CASES)('$name: the fields Ansible returns', async (c) => {
    const dir = await prepare(c, 'play');
    const r = await playResult(c, dir);
    expect(Object.keys(r).filter((k) => !VOLATILE.has(k)).sort()).toEqual(c.fields.filter((f) => !c.omitted?.includes(f)));
  });

  it.skipIf(!ansibleInstalled).each(CASES)('$name: every value equals Ansible\'s', async (c) => {
    const mine = await prepare(c, 'play2');
    const theirs = await prepare(c, 'ansible');
    const ours = comparable(await playResult(c, mine), mine, 'DIR');
    const ansible = comparable(await ansibleResult(c, theirs), theirs, 'DIR');
    for (const f of c.omitted ?? []) delete ansible[f];
    expect(ours).toEqual(ansible);
  }, 300_000); // an ansible-playbook run: slow on a busy machine
});
