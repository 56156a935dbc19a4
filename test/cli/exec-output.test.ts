import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { execCommand, type ExecCliOptions } from '../../src/cli/commands/exec.js';
import type { Io } from '../../src/cli/reporters.js';
import { Project } from '../support/project.js';

const haveAnsible = spawnSync('ansible', ['--version'], { stdio: 'ignore' }).status === 0;

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function playExec(dir: string, o: ExecCliOptions): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: () => undefined }, isTTY: false };
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return { code: await execCommand('localhost', { inventory: ['localhost,'], connection: 'local', ...o }, io), stdout };
  } finally {
    process.chdir(cwd);
  }
}

function ansibleExec(dir: string, args: string[]): { code: number; stdout: string } {
  const r = spawnSync('ansible', ['localhost', '-i', 'localhost,', '-c', 'local', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3' } });
  return { code: r.status ?? -1, stdout: r.stdout };
}

describe.skipIf(!haveAnsible)('play exec prints what the ansible command prints', () => {
  const cases: [string, ExecCliOptions, string[]][] = [
    ['a command', { args: 'echo hi' }, ['-a', 'echo hi']],
    ['a failing shell command (stdout, stderr, msg)', { module: 'shell', args: 'echo out; echo err >&2; exit 3' }, ['-m', 'shell', '-a', 'echo out; echo err >&2; exit 3']],
    ['debug (no changed flag)', { module: 'debug', args: 'msg=x' }, ['-m', 'debug', '-a', 'msg=x']],
    ['a failing module, as sorted JSON', { module: 'file', args: 'path=/nonexistent/x state=file' }, ['-m', 'file', '-a', 'path=/nonexistent/x state=file']],
  ];
  for (const [name, ours, theirs] of cases) {
    it(name, async () => {
      project = await Project.create({ '.git/HEAD': '' });
      const a = ansibleExec(project.dir, theirs);
      const p = await playExec(project.dir, ours);
      expect(p.stdout).toBe(a.stdout);
      expect(p.code).toBe(a.code);
    }, 300_000); // an ansible run: slow on a busy machine
  }

  it('-m setup shows the facts under the names ansible shows', async () => {
    project = await Project.create({ '.git/HEAD': '' });
    const p = await playExec(project.dir, { module: 'setup' });
    expect(p.stdout).toMatch(/^localhost \| SUCCESS => \{\n {4}"ansible_facts": \{\n/);
    const facts = (JSON.parse(p.stdout.slice(p.stdout.indexOf('{'))) as { ansible_facts: Record<string, unknown> }).ansible_facts;
    const theirs = ansibleExec(project.dir, ['-m', 'setup']).stdout;
    const theirFacts = (JSON.parse(theirs.slice(theirs.indexOf('{'))) as { ansible_facts: Record<string, unknown> }).ansible_facts;
    for (const k of ['ansible_distribution', 'ansible_os_family', 'ansible_kernel', 'ansible_architecture', 'ansible_hostname']) expect(facts[k]).toEqual(theirFacts[k]);
  }, 300_000);
});

describe('debug: var=ansible_facts', () => {
  it('shows the gathered facts, and sets none', async () => {
    project = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\n',
      'site.yml': `- hosts: all
  tasks:
    - debug: var=ansible_facts
    - assert: { that: ["ansible_facts.os_family is defined", "ansible_facts.ansible_facts is not defined"] }
`,
    });
    const out = await project.run({ json: false, verbose: 0 });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/ok: \[h1\] => \{\n {4}"ansible_facts": \{\n {8}"/);
    expect(out.stdout).toMatch(/\n {8}"os_family": "/);
  });
});
