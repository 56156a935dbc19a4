import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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
  const rssFile = path.join(os.tmpdir(), `play-bench-rss-${process.pid}-${Date.now()}`);
  const timeBin = '/usr/bin/time';
  const argv = [timeBin, '-f', '%M', '-o', rssFile, ...cmd.argv];
  const started = performance.now();
  const { code, stdout, stderr } = await spawnCollect(argv, cmd.cwd, { ...process.env, ...(cmd.env ?? {}) });
  const wall = (performance.now() - started) / 1000;
  const rssKb = Number((await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop());
  await rm(rssFile, { force: true });
  return { wall, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : NaN, code, stdout, stderr };
}

export function spawnCollect(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const [bin, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(bin as string, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}
