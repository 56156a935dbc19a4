/**
 * Runs one corpus case under both tools and returns each tool's per-task results as JSON Lines
 * objects: `ansible-playbook` through the compat_lines stdout callback (callback/), `play` in
 * process through its `--json -v` reporter. Each run gets a fresh copy of the case, so files a
 * case writes never leak into the other tool's run or into a later run.
 */
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, type RunCliOptions } from '../../src/cli/commands/run.js';
import type { Io } from '../../src/cli/reporters.js';
import { PlayError } from '../../src/errors.js';

export const HOSTS = 'testhost ansible_connection=local\n';
const CALLBACKS = fileURLToPath(new URL('./callback', import.meta.url));

export interface ToolRun {
  code: number;
  lines: Record<string, unknown>[];
  stderr: string;
}

/** A case: a playbook file, or a directory holding site.yml and the files it uses. */
export interface CorpusCase {
  name: string;
  source: string;
  /** Extra command-line arguments both tools get, from a `# compat-args: …` line. */
  args: string[];
}

async function stage(c: CorpusCase, root: string, tool: string): Promise<string> {
  const dir = path.join(root, `${c.name}-${tool}`);
  await mkdir(dir, { recursive: true });
  if (c.source.endsWith('.yml')) await cp(c.source, path.join(dir, 'site.yml'));
  else await cp(c.source, dir, { recursive: true });
  // a case with several hosts brings its own inventory
  if (!existsSync(path.join(dir, 'hosts.ini'))) await writeFile(path.join(dir, 'hosts.ini'), HOSTS);
  return dir;
}

function parseLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The environment Ansible runs in: none of the caller's ANSIBLE_* settings, a private home. */
function ansibleEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ANSIBLE_')) env[k] = v;
  return {
    ...env,
    HOME: home,
    ANSIBLE_CONFIG: path.join(home, 'none.cfg'),
    ANSIBLE_LOCAL_TEMP: path.join(home, 'tmp'),
    ANSIBLE_REMOTE_TEMP: path.join(home, 'remote-tmp'),
    // async jobs: Ansible's status reader expands ~ to the account's home, its job writer to
    // $HOME (the private one); naming the directory makes them agree
    ANSIBLE_ASYNC_DIR: path.join(home, '.ansible_async'),
    ANSIBLE_CALLBACK_PLUGINS: CALLBACKS,
    ANSIBLE_STDOUT_CALLBACK: 'compat_lines',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    ANSIBLE_DEPRECATION_WARNINGS: '0',
    ANSIBLE_HOST_KEY_CHECKING: '0',
  };
}

export async function runAnsible(c: CorpusCase, root: string): Promise<ToolRun> {
  const dir = await stage(c, root, 'ansible');
  const home = await mkdtemp(path.join(root, 'home-'));
  return new Promise((resolve) => {
    execFile(
      'ansible-playbook',
      ['-i', 'hosts.ini', ...c.args, 'site.yml'],
      { cwd: dir, env: ansibleEnv(home), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, lines: parseLines(stdout), stderr: stderr + (code && !stdout.includes('"recap"') ? stdout : '') });
      },
    );
  });
}

/** The case's arguments as play's run options (the subset the corpus uses). */
export function playOptions(args: string[]): RunCliOptions {
  const o: RunCliOptions = {};
  const list = (k: 'tags' | 'skipTags' | 'extraVars', v: string | undefined): void => {
    if (v === undefined) throw new Error(`compat-args: ${k} needs a value`);
    (o[k] ??= []).push(v);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--tags' || a === '-t') list('tags', args[++i]);
    else if (a === '--skip-tags') list('skipTags', args[++i]);
    else if (a === '-e' || a === '--extra-vars') list('extraVars', args[++i]);
    else if (a === '--check' || a === '-C') o.check = true;
    else if (a === '--diff' || a === '-D') o.diff = true;
    else if (a === '--limit' || a === '-l') o.limit = args[++i];
    else if (a === '--force-handlers') o.forceHandlers = true;
    else if (a !== undefined && /^-v+$/.test(a)) o.verbose = a.length - 1;
    else throw new Error(`compat-args: "${a}" is not mapped to a play option`);
  }
  return o;
}

/** play's runs share this process and its working directory: call one at a time. */
export async function runPlay(c: CorpusCase, root: string): Promise<ToolRun> {
  const dir = await stage(c, root, 'play');
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: (s) => void (stderr += s) }, isTTY: false };
  const cwd = process.cwd();
  process.chdir(dir);
  let code: number;
  try {
    code = await runCommand(['site.yml'], { verbose: 0, ...playOptions(c.args), json: true, jsonResults: true, inventory: [path.join(dir, 'hosts.ini')] }, io);
  } catch (err) {
    if (!(err instanceof PlayError)) throw err;
    stderr += `ERROR! ${err.describe()}\n`;
    code = err.exitCode;
  } finally {
    process.chdir(cwd);
  }
  return { code, lines: parseLines(stdout), stderr };
}

export async function makeRoot(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'play-compat-'));
}

export async function removeRoot(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
