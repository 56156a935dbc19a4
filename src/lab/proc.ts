import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { PlayError } from '../errors.js';

/** Process plumbing for the lab: running helpers, identifying PIDs, probing ports. */

export interface RunResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs argv (no shell), collecting output; `onLine` sees output lines as they come. */
export function run(
  argv: readonly string[],
  opts: { onLine?: (line: string) => void; env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string } = {},
): Promise<RunResult> {
  const [cmd, ...args] = argv;
  if (!cmd) return Promise.reject(new Error('run: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    const out: string[] = [];
    const err: string[] = [];
    let pending = '';
    const feed = (chunk: string, sink: string[]): void => {
      sink.push(chunk);
      if (!opts.onLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) opts.onLine(l);
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => feed(c, out));
    child.stderr.setEncoding('utf8').on('data', (c: string) => feed(c, err));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ rc: code ?? (signal ? 128 + 9 : 1), stdout: out.join(''), stderr: err.join('') }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin);
  });
}

/** Like `run`, but a non-zero exit is a PlayError carrying the tail of the output. */
export async function runChecked(
  argv: readonly string[],
  what: string,
  opts: Parameters<typeof run>[1] = {},
): Promise<RunResult> {
  const r = await run(argv, opts);
  if (r.rc !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new PlayError('LAB_COMMAND_FAILED', `${what} failed (exit ${r.rc}): ${argv.join(' ')}\n${tail}`);
  }
  return r;
}

/**
 * The kernel's start time of a PID (clock ticks since boot, field 22 of /proc/PID/stat), or
 * undefined when there is no such process. Together with the PID it names one process for
 * good: a recycled PID has another start time, so the lab never signals a stranger.
 */
export async function processStartTime(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z') return undefined; // a zombie is dead already
  const start = Number(fields[19]);
  return Number.isFinite(start) ? start : undefined;
}

export interface ProcessRef {
  pid: number;
  startTime: number;
}

export async function isAlive(ref: ProcessRef): Promise<boolean> {
  return (await processStartTime(ref.pid)) === ref.startTime;
}

/** Direct children of a PID (needs CONFIG_PROC_CHILDREN, falls back to scanning /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const direct = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => undefined);
  if (direct !== undefined) return direct.split(/\s+/).filter(Boolean).map(Number);
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}

/**
 * SIGTERM, wait up to `graceMs`, then SIGKILL; resolves when the process is gone. With `group`,
 * the signals go to the process group the process leads (a detached service and its children).
 */
export async function terminate(ref: ProcessRef, graceMs = 5_000, opts: { group?: boolean } = {}): Promise<void> {
  // a group outlives its leader: a service that died leaves its children running
  if (opts.group && !(await isAlive(ref))) return terminateOrphans(ref);
  if (!(await isAlive(ref))) return;
  const target = opts.group ? -ref.pid : ref.pid;
  signal(target, 'SIGTERM');
  if (await waitFor(async () => !(await isAlive(ref)), graceMs, 100)) return;
  signal(target, 'SIGKILL');
  if (!(await waitFor(async () => !(await isAlive(ref)), 10_000, 100)))
    throw new PlayError('LAB_KILL_FAILED', `process ${ref.pid} survived SIGKILL`);
}

/**
 * Stops what is left in the process group of a leader that is gone. Linux does not hand a PID out
 * again while it still names a process group, so processes whose pgid is the leader's PID are the
 * leader's own (and they started after it).
 */
async function terminateOrphans(leader: ProcessRef): Promise<void> {
  const members = await groupMembers(leader);
  for (const m of members) signal(m.pid, 'SIGTERM');
  if (await waitFor(async () => (await groupMembers(leader)).length === 0, 5_000, 100)) return;
  for (const m of await groupMembers(leader)) signal(m.pid, 'SIGKILL');
}

async function groupMembers(leader: ProcessRef): Promise<ProcessRef[]> {
  const out: ProcessRef[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(fields[2]);
    const start = Number(fields[19]);
    if (fields[0] !== 'Z' && pgid === leader.pid && start >= leader.startTime) out.push({ pid: Number(entry), startTime: start });
  }
  return out;
}

/** Sends a signal to the process if it is still that process (no wait). */
export async function signalProcess(ref: ProcessRef, sig: NodeJS.Signals): Promise<void> {
  if (await isAlive(ref)) signal(ref.pid, sig);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Connects to address:port and resolves with the first bytes the server sends ('' if it sends
 * nothing within the timeout), or undefined when the connection is refused or times out.
 */
export function probeTcp(address: string, port: number, timeoutMs = 2_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let connected = false;
    const done = (value: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(connected ? '' : undefined), timeoutMs);
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (b: Buffer) => done(b.toString('latin1')));
    socket.on('error', () => done(undefined));
    socket.on('end', () => done(connected ? '' : undefined));
  });
}

/**
 * True as soon as address:port accepts a connection (a server that speaks only when asked: HTTP).
 * The probe then closes its side politely (FIN) and reads what the server still sends: a reset
 * would hit a server in the middle of a write, and a naive one dies of it.
 */
export function tcpAccepts(address: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let settled = false;
    const settle = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => {
      settle(false);
      socket.destroy();
    }, timeoutMs);
    socket.on('connect', () => {
      settle(true);
      socket.end();
      // a server that keeps its side open is not waited for
      setTimeout(() => socket.destroy(), 5_000).unref();
    });
    socket.on('data', () => undefined);
    socket.on('error', () => settle(false));
    socket.on('close', () => settle(false));
  });
}

/** True once an SSH server answers with its identification banner. */
export async function sshAnswers(address: string, port = 22, timeoutMs = 2_000): Promise<boolean> {
  return (await probeTcp(address, port, timeoutMs))?.startsWith('SSH-') ?? false;
}

/** Namespaces, overlay mounts and mknod need real root; say so before anything half-starts. */
export function requireRoot(): void {
  if (process.getuid?.() !== 0)
    throw new PlayError('LAB_NOT_ROOT', 'the lab needs root (mount/PID namespaces, overlayfs, device nodes)', {
      hint: 'run `sudo play lab up`',
    });
}
