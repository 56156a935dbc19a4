import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from '../lab/proc.js';

export interface Sample {
  /** Wall-clock seconds from spawn to exit. */
  wall: number;
  /** Peak resident set of the largest process of the run (GNU time's %M), in MB. */
  rssMb: number;
  code: number;
  stdout: string;
  stderr: string;
}

export interface Command {
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
}

/** Runs a command once, timed; under GNU time (when installed) for the peak RSS. */
export async function measure(cmd: Command): Promise<Sample> {
  // a private directory: a guessable name in the shared /tmp could be a planted symlink
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-bench-rss-'));
  const rssFile = path.join(dir, 'rss');
  const timeBin = '/usr/bin/time';
  const argv = [timeBin, '-f', '%M', '-o', rssFile, ...cmd.argv];
  const started = performance.now();
  const { rc: code, stdout, stderr } = await runIn(cmd.cwd, argv, cmd.env);
  const wall = (performance.now() - started) / 1000;
  const rssKb = Number((await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop());
  await rm(dir, { recursive: true, force: true });
  return { wall, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : NaN, code, stdout, stderr };
}

/** A command's exit code and output, in a directory, with extra environment variables. */
export function runIn(cwd: string, argv: readonly string[], env: Record<string, string> = {}): Promise<{ rc: number; stdout: string; stderr: string }> {
  return run(argv, { cwd, env: { ...process.env, ...env } });
}
