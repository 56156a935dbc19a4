/** What command, shell and raw share: creates/removes guards, stdin, chdir and the exec change. */
import { posix } from 'node:path';
import { z } from 'zod';
import { ShellCommand, sh } from '../../connection/command.js';
import { onlyBoolean } from '../refused.js';
import { abool, astr } from '../schema.js';
import type { Change, ModuleContext, Plan } from '../types.js';

export const commandArgs = {
  _raw_params: astr().optional(),
  cmd: astr().optional(),
  chdir: astr().optional(),
  creates: astr().optional(),
  removes: astr().optional(),
  stdin: astr().optional(),
  stdin_add_newline: abool().default(true),
  /** Output always loses its trailing line ends (Ansible's default); keeping them is refused. */
  strip_empty_ends: onlyBoolean(true, 'strip_empty_ends: false is not supported: output loses its trailing empty lines'),
};
export const commandArgsSchema = z.strictObject(commandArgs);
export type CommonCommandArgs = z.output<typeof commandArgsSchema>;

const GLOB = /[*?[]/;

/** A creates/removes pattern as a shell word: literal parts quoted, *, ? and […] left to globbing. */
export function globWord(pattern: string): ShellCommand {
  const parts = pattern.split(/([*?[\]])/).filter((p) => p !== '');
  return parts.reduce((acc, p) => acc.concat(/^[*?[\]]$/.test(p) ? p : sh`${p}`), new ShellCommand([]));
}

async function pathExists(ctx: ModuleContext, path: string): Promise<boolean> {
  if (!GLOB.test(path)) return (await ctx.stat(path, { checksum: false })).kind !== 'missing';
  // Ansible uses glob.glob(); the shell's globbing gives the same answer on the target.
  const res = await ctx.probe(sh`for f in ${globWord(path)}; do [ -e "$f" ] || [ -L "$f" ] && exit 0; done; exit 1`, { offline: { rc: 1 } });
  return res.rc === 0;
}

/** Whether creates=/removes= keep the command from running: the reason, in Ansible's words, or undefined. */
async function guardReason(ctx: ModuleContext, a: Pick<CommonCommandArgs, 'creates' | 'removes' | 'chdir'>): Promise<{ path: string; exists: boolean } | undefined> {
  const resolve = (p: string) => (a.chdir !== undefined && !p.startsWith('/') ? posix.join(a.chdir, p) : p);
  if (a.creates !== undefined && (await pathExists(ctx, resolve(a.creates)))) return { path: a.creates, exists: true };
  if (a.removes !== undefined && !(await pathExists(ctx, resolve(a.removes)))) return { path: a.removes, exists: false };
  return undefined;
}

/**
 * creates=/removes= of command and shell: the command does not run, and the module returns ok
 * (not skipped) with rc 0 and a "skipped, since …" stdout, as Ansible's command module does.
 */
export async function guard(ctx: ModuleContext, a: Pick<CommonCommandArgs, 'creates' | 'removes' | 'chdir'>, cmd: string | readonly string[]): Promise<Plan | undefined> {
  const why = await guardReason(ctx, a);
  if (!why) return undefined;
  const state = why.exists ? 'exists' : 'does not exist';
  const stdout = `skipped, since ${why.path} ${state}`;
  const result = { rc: 0, cmd, start: null, end: null, delta: null, stdout, stdout_lines: [stdout], stderr: '', stderr_lines: [] };
  return { changes: [], changed: false, msg: `Did not run command since '${why.path}' ${state}`, result };
}

/** creates=/removes= of script: Ansible's script action skips the task. */
export async function scriptGuard(ctx: ModuleContext, a: Pick<CommonCommandArgs, 'creates' | 'removes' | 'chdir'>): Promise<Plan | undefined> {
  const why = await guardReason(ctx, a);
  if (!why) return undefined;
  return { changes: [], skipped: true, changed: false, msg: `${why.path} ${why.exists ? 'exists, matching creates option' : 'does not exist, matching removes option'}` };
}

/** The one change a command module plans: run it, capture its output, fail on rc ≠ 0. */
export function runChange(describe: string, command: ShellCommand, a: Pick<CommonCommandArgs, 'stdin' | 'stdin_add_newline' | 'chdir'>, shownCmd?: readonly string[]): Change {
  const stdin = a.stdin === undefined ? undefined : a.stdin_add_newline ? `${a.stdin}\n` : a.stdin;
  return { describe, apply: { kind: 'exec', command, stdin, captureOutput: true, okCodes: [0], cwd: a.chdir, shownCmd } };
}
