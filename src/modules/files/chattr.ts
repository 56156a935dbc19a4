/**
 * `attributes` (alias `attr`), the file common argument Ansible applies with chattr. Ansible
 * 2.14's rule (module_utils/basic.py set_attributes_if_different), kept as it is: the flags
 * lsattr shows (dashes removed, in lsattr's order; none when lsattr fails, as on a file system
 * without attributes) are compared as a string with the argument less its leading + or -;
 * unequal, or a `-` argument, runs `chattr <+|-|=><flags> path` — so `+i` on ext4, whose files
 * also carry `e`, changes every time in Ansible too. A chattr that fails fails the task
 * ("chattr failed").
 */
import { sh, type ShellCommand } from '../../connection/command.js';
import type { Change, ModuleContext } from '../types.js';

export interface ChattrPlan {
  changes: Change[];
  /** The flags lsattr showed (null: lsattr failed), for the diff; undefined: nothing changes. */
  before?: string | null | undefined;
  /** What chattr is given ("+A"), for the diff. */
  after?: string | undefined;
}

/** chattr has no `--`: a relative path that looks like an option is made explicit. */
function pathWord(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}

function split(attributes: string): { op: string; flags: string } {
  const op = attributes.startsWith('+') || attributes.startsWith('-') ? attributes.charAt(0) : '=';
  return { op, flags: op === '=' ? attributes : attributes.slice(1) };
}

/** lsattr -d's first word without its dashes: the path's flags; undefined when lsattr fails. */
export function parseLsattr(rc: number, stdout: string): string | undefined {
  if (rc !== 0) return undefined;
  return (stdout.trim().split(/\s+/)[0] ?? '').replace(/-/g, '');
}

/**
 * The chattr a path needs. `exists`: the path is there before the task; a path the task creates
 * is decided on the target after it is written (Ansible reads the new file's flags then), the task
 * being changed anyway.
 */
export async function planChattr(ctx: ModuleContext, path: string, attributes: string | undefined, exists: boolean): Promise<ChattrPlan> {
  if (attributes === undefined) return { changes: [] };
  const { op, flags } = split(attributes);
  const arg = `${op}${flags}`;
  const word = pathWord(path);
  if (!exists) {
    const command = sh`f=$(lsattr -d ${word} 2>/dev/null) && f=$(printf '%s' "$f" | awk '{ gsub("-", "", $1); print $1 }'); `.concat(
      sh`if [ "$f" != ${flags} ] || [ ${op} = - ]; then e=$(chattr ${arg} ${word} 2>&1) && [ -z "$e" ] || { echo "Error while setting attributes: $e"; exit 1; }; fi`,
    );
    return { changes: [chattrChange(path, arg, command)] };
  }
  const res = await ctx.probe(sh`lsattr -d ${word}`, { offline: { rc: 1 } });
  const current = parseLsattr(res.rc, res.stdout);
  if ((current ?? '') === flags && op !== '-') return { changes: [] };
  const command = sh`e=$(chattr ${arg} ${word} 2>&1) && [ -z "$e" ] || { echo "Error while setting attributes: $e"; exit 1; }`;
  return { changes: [chattrChange(path, arg, command)], before: current ?? null, after: arg };
}

function chattrChange(path: string, arg: string, command: ShellCommand): Change {
  return { describe: `chattr ${arg} ${path}`, apply: { kind: 'exec', command, failMessage: 'chattr failed' } };
}
