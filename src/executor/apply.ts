import { UnsendableCommandError } from '../connection/command.js';
import type { Connection, Become } from '../connection/types.js';
import { ModuleError, UnreachableError } from '../errors.js';
import type { Change } from '../modules/types.js';
import { runControllerStep } from './controller-steps.js';

export interface ApplyEnv {
  connection: Connection | undefined;
  become: Become | undefined;
  env: Record<string, string> | undefined;
  timeoutMs: number | undefined;
}

/**
 * Carries out one planned change. Only the executor calls this, and never in check mode.
 * Returns the fields the change adds to the task result (command output, module extras).
 */
export async function applyChange(change: Change, env: ApplyEnv): Promise<Record<string, unknown>> {
  const a = change.apply;
  if (a.kind === 'controller') return runControllerStep(a.step, env);
  if (!env.connection) throw new UnreachableError('this change needs a shell connection, and the host has none (ansible_connection: http)');
  if (a.kind === 'put') {
    try {
      await env.connection.put(a.content, a.path, { mode: a.mode, become: env.become });
    } catch (err) {
      if (err instanceof UnreachableError || err instanceof UnsendableCommandError) throw err;
      throw new ModuleError(`could not write ${a.path}: ${(err as Error).message}`, { dest: a.path });
    }
    return {};
  }
  const started = new Date();
  const res = await env.connection.exec(a.command, {
    stdin: a.stdin,
    become: env.become,
    env: env.env,
    cwd: a.cwd,
    timeoutMs: a.timeoutMs ?? env.timeoutMs,
  });
  const ended = new Date();
  const ok = (a.okCodes ?? [0]).includes(res.rc);
  if (a.captureOutput) {
    const out = {
      rc: res.rc,
      // Ansible's strip_empty_ends (the default): trailing line ends go
      stdout: a.keepNewline ? res.stdout : res.stdout.replace(/[\r\n]+$/, ''),
      stderr: a.keepNewline ? res.stderr : res.stderr.replace(/[\r\n]+$/, ''),
      stdout_lines: splitLines(res.stdout),
      stderr_lines: splitLines(res.stderr),
      cmd: a.shownCmd ? [...a.shownCmd] : a.command.display(),
      start: pythonTime(started),
      end: pythonTime(ended),
      delta: formatDelta(ended.getTime() - started.getTime()),
    };
    if (!ok) {
      const limit = a.timeoutMs ?? env.timeoutMs;
      const msg = res.rc === 124 && limit ? `command timed out after ${limit / 1000} s (timeout keyword) and was stopped` : 'non-zero return code';
      throw new ModuleError(msg, out);
    }
    // command and shell report an empty msg on success; script (which keeps newlines) only its output
    if (a.keepNewline) return { rc: out.rc, stdout: out.stdout, stderr: out.stderr, stdout_lines: out.stdout_lines, stderr_lines: out.stderr_lines };
    return { ...out, msg: '' };
  }
  if (ok && a.resultFields) {
    const lines = res.stdout.split('\n');
    const value = (name: string, text: string): string | number => (a.intFields?.includes(name) && /^-?\d+$/.test(text) ? Number(text) : text);
    return Object.fromEntries(a.resultFields.map((name, i) => [name, value(name, (lines[i] ?? '').trim())]));
  }
  if (!ok && a.failMessage !== undefined) throw new ModuleError(a.failMessage, { details: res.stdout || res.stderr, changed: false });
  if (!ok) {
    const why = (res.stderr || res.stdout).trim() || `exit code ${res.rc}`;
    throw new ModuleError(`${change.describe} failed: ${why}`, { rc: res.rc, stdout: res.stdout, stderr: res.stderr });
  }
  return {};
}

function splitLines(text: string): string[] {
  const t = text.replace(/\n$/, '');
  return t === '' ? [] : t.split('\n');
}

/** Python's str(datetime.now()): local time, "2026-12-07 09:33:47.381398" (Ansible's start/end). */
function pythonTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

function formatDelta(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(6).padStart(9, '0');
  return `${h}:${String(m).padStart(2, '0')}:${s}`;
}
