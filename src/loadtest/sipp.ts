/**
 * Runs SIPp's built-in UAC scenario once against a PBX and reads back its own accounting.
 * SIPp runs in a scratch directory with a global timeout of its own, and is killed if it
 * outlives that: a run never leaves a sipp process behind.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseSippRun, type SippResult } from './sipp-stats.js';

export interface SippLoad {
  /** The PBX: address and SIP port (UDP). */
  target: string;
  port: number;
  /** The address SIPp sends from (the PBX identifies the load-test endpoint by it). */
  source: string;
  sourcePort: number;
  /** The extension dialled. */
  extension: string;
  /** New calls per second, length of each call (ms, then SIPp sends BYE), calls in all. */
  rate: number;
  callMs: number;
  calls: number;
}

export interface SippRun {
  load: SippLoad;
  args: string[];
  /** SIPp's exit code: 0 every call succeeded, 1 some failed, others: SIPp itself failed. */
  exitCode: number | null;
  result: SippResult;
  /** The first lines of SIPp's error log (empty when nothing went wrong). */
  errors: string[];
  /** Load average of this machine (1 min) before and after the run. */
  loadBefore: number;
  loadAfter: number;
  /** Seconds the PBX's Asterisk had been up when the run ended (0: not running), when asked (see pbxRestarted). */
  pbxUptimeS?: number;
}

/** Whether the PBX's Asterisk was down or (re)started during the run: then its numbers say nothing about the load. */
export function pbxRestarted(run: SippRun): boolean {
  return run.pbxUptimeS !== undefined && run.pbxUptimeS < run.result.seconds;
}

export class SippError extends Error {}

/** The command line: the uac scenario, statistics every second, every trace SIPp can write. */
export function sippArgs(load: SippLoad, timeoutS: number): string[] {
  return [
    `${load.target}:${load.port}`,
    '-sn', 'uac',
    '-s', load.extension,
    '-i', load.source,
    '-p', String(load.sourcePort),
    '-r', String(load.rate),
    '-d', String(load.callMs),
    '-m', String(load.calls),
    // never throttle: a PBX that stops answering must show as open calls, not as a lower rate
    '-l', String(Math.max(1000, load.calls)),
    '-trace_stat', '-fd', '1',
    '-trace_counts',
    '-trace_screen',
    '-trace_err',
    '-nostdin',
    '-timeout', `${timeoutS}s`,
  ];
}

/**
 * How long a run may take: the calls' arrival, one call's length, and the INVITE timeout
 * (64 × T1 = 32 s) for calls nobody answers, with a margin.
 */
export function runTimeoutS(load: SippLoad): number {
  return Math.ceil(load.calls / load.rate + load.callMs / 1000 + 32 + 30);
}

async function traceFile(dir: string, suffix: string): Promise<string> {
  const name = (await readdir(dir)).find((f) => f.endsWith(suffix));
  return name === undefined ? '' : readFile(path.join(dir, name), 'utf8');
}

function runProcess(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(kill, timeoutMs);
    // a controller that exits mid-run takes SIPp with it
    process.once('exit', kill);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      process.off('exit', kill);
      reject(err.code === 'ENOENT' ? new SippError(`${command} not found: install SIPp (Debian package sip-tester)`) : err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('exit', kill);
      resolve({ code, stderr });
    });
  });
}

/** The events of SIPp's error log, one per entry (SIPp writes them without line breaks between them). */
export function errorEvents(text: string): string[] {
  return text
    .replace(/^The following events occurred:\s*/, '')
    .split(/(?=\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}\.\d+\t)/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

/** One SIPp run at `load` (`extraArgs` go after the usual ones); throws SippError when SIPp wrote no statistics (it did not run). */
export async function runSipp(load: SippLoad, opts: { sipp?: string; extraArgs?: string[] } = {}): Promise<SippRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-sipp-'));
  const timeoutS = runTimeoutS(load);
  const args = [...sippArgs(load, timeoutS), ...(opts.extraArgs ?? [])];
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const { code, stderr } = await runProcess(opts.sipp ?? 'sipp', args, dir, (timeoutS + 15) * 1000);
    const [stat, counts, screen, errors] = await Promise.all(['_.csv', '_counts.csv', '_screen.log', '_errors.log'].map((s) => traceFile(dir, s)));
    if (!stat || !counts) throw new SippError(`sipp ${args.join(' ')} wrote no statistics (exit ${code}): ${stderr.trim() || 'no output'}`);
    return {
      load,
      args,
      exitCode: code,
      result: parseSippRun({ stat, counts, screen: screen ?? '' }),
      errors: errorEvents(errors ?? '').slice(0, 5),
      loadBefore,
      loadAfter: os.loadavg()[0] ?? 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
