import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCommand, type RunCliOptions } from '../../src/cli/commands/run.js';
import type { KeptConnections } from '../../src/executor/connections.js';
import type { Io } from '../../src/cli/reporters.js';
import { PlayError } from '../../src/errors.js';

export interface JsonResult {
  event: 'result';
  play: string;
  task: string;
  role: string | null;
  host: string;
  item: unknown;
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';
  changed: boolean;
  msg: string | null;
  diff: { path: string; before: string; after: string }[] | null;
}

export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
  results: JsonResult[];
  recap: Record<string, Record<string, number>>;
  /** Commands sent per host (the recap's round_trips). */
  roundTrips: Record<string, number>;
}

/** A throwaway project directory: files are written relative to it, {{dir}} is replaced by its path. */
export class Project {
  private constructor(readonly dir: string) {}

  static async create(files: Record<string, string> = {}): Promise<Project> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'play-test-'));
    const p = new Project(dir);
    await p.write(files);
    return p;
  }

  async write(files: Record<string, string>): Promise<void> {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(this.dir, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content.replaceAll('{{dir}}', this.dir));
    }
  }

  path(rel: string): string {
    return path.join(this.dir, rel);
  }

  /** Runs `play run` in-process with --json, from the project's directory, and parses the JSON Lines. */
  /** @param opts.kept connections kept between runs, as `play serve` keeps them. */
  async run(opts: RunCliOptions & { playbooks?: string[]; kept?: KeptConnections } = {}): Promise<RunOutput> {
    const cwd = process.cwd();
    process.chdir(this.dir);
    try {
      const { playbooks = ['site.yml'], kept, ...rest } = opts;
      return await runInPlace(playbooks, { inventory: [this.path('hosts.ini')], ...rest }, kept);
    } finally {
      process.chdir(cwd);
    }
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export const LOCAL_HOSTS = `[web]
h1 ansible_connection=local
h2 ansible_connection=local

[db]
h3 ansible_connection=local
`;

export function changedSet(out: RunOutput): string[] {
  return out.results.filter((r) => r.changed).map((r) => `${r.host}|${r.task}|${JSON.stringify(r.item)}`).sort();
}

/**
 * `play run` in this process with --json, from the current directory, the output parsed. Two of
 * these may run at once (Project.run changes directory, which two runs at once cannot share):
 * give them absolute paths.
 */
export async function runInPlace(playbooks: string[], opts: RunCliOptions = {}, kept?: KeptConnections): Promise<RunOutput> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: (s) => void (stderr += s) }, isTTY: false };
  let code: number;
  try {
    code = await runCommand(playbooks, { json: true, ...opts }, io, undefined, undefined, kept);
  } catch (err) {
    // what the CLI's error boundary does
    if (!(err instanceof PlayError)) throw err;
    stderr += `ERROR! ${err.describe()}\n`;
    code = err.exitCode;
  }
  const lines = opts.json === false ? [] : stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const results = lines.filter((l) => l.event === 'result') as unknown as JsonResult[];
  const recap = (lines.find((l) => l.event === 'recap')?.hosts ?? {}) as Record<string, Record<string, number>>;
  const roundTrips = (lines.find((l) => l.event === 'recap')?.round_trips ?? {}) as Record<string, number>;
  return { code, stdout, stderr, results, recap, roundTrips };
}
