/** file state=directory recurse=yes: mode/owner/group for everything below the directory too. */
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import type { FileState } from '../../facts/file.js';
import { resolveMode, type ModeArg } from '../schema.js';
import type { Change, ModuleContext } from '../types.js';
import { attachEffects, fileEffect, formatMode, idMatches, type ExistingState } from './attributes.js';

interface RecurseArgs {
  mode?: ModeArg | undefined;
  owner?: string | undefined;
  group?: string | undefined;
}

interface Entry {
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  isDir: boolean;
}

/** One line per entry below the directory: "mode|uid|gid|user|group|type" (no names, so any byte in them is harmless). */
export function parseEntries(stdout: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^([0-7]+)\|(\d+)\|(\d+)\|([^|]*)\|([^|]*)\|(.*)$/.exec(line);
    if (!m) continue;
    entries.push({ mode: parseInt(m[1] ?? '0', 8), uid: Number(m[2]), gid: Number(m[3]), owner: m[4] ?? '', group: m[5] ?? '', isDir: m[6] === 'directory' });
  }
  return entries;
}

export async function planRecursive(
  ctx: ModuleContext,
  path: string,
  prev: ExistingState,
  top: { changes: Change[]; state: FileState; path: string },
  a: RecurseArgs,
): Promise<{ changes: Change[]; state: FileState; path: string }> {
  if (a.mode === undefined && a.owner === undefined && a.group === undefined) return top;
  const findPath = path.startsWith('-') ? `./${path}` : path;
  const res = await ctx.probe(sh`find ${findPath} -mindepth 1 -exec stat -c '%a|%u|%g|%U|%G|%F' {} +`, { offline: { rc: 0 } });
  if (res.rc !== 0) throw new ModuleError(`cannot list ${path}: ${res.stderr.trim()}`, { path });
  const all: Entry[] = [{ ...prev, isDir: true }, ...parseEntries(res.stdout)];
  const modeDiffers = a.mode !== undefined && all.some((e) => resolveMode(a.mode, e.mode, e.isDir) !== (e.mode & 0o7777));
  const ownerDiffers = a.owner !== undefined && all.some((e) => !idMatches(a.owner ?? '', e.owner, e.uid));
  const groupDiffers = a.group !== undefined && all.some((e) => !idMatches(a.group ?? '', e.group, e.gid));

  const changes: Change[] = [];
  if (modeDiffers && a.mode !== undefined) {
    const arg = typeof a.mode === 'string' ? a.mode : formatMode(a.mode);
    changes.push({ describe: `chmod -R ${arg} ${path}`, apply: { kind: 'exec', command: sh`chmod -R -- ${arg} ${path}` } });
  }
  if (ownerDiffers && a.owner !== undefined) {
    const spec = groupDiffers && a.group !== undefined ? `${a.owner}:${a.group}` : a.owner;
    changes.push({ describe: `chown -R ${spec} ${path}`, apply: { kind: 'exec', command: sh`chown -R -- ${spec} ${path}` } });
  } else if (groupDiffers && a.group !== undefined) {
    changes.push({ describe: `chgrp -R ${a.group} ${path}`, apply: { kind: 'exec', command: sh`chgrp -R -- ${a.group} ${path}` } });
  }
  attachEffects(changes, [fileEffect(path, top.state)]);
  return { changes, state: top.state, path };
}
