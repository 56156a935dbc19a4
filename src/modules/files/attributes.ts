/**
 * Mode and ownership: what chmod/chown a path needs so it matches the task's mode/owner/group.
 * Shared by every module that manages files (Ansible's "file common arguments").
 */
import { sh } from '../../connection/command.js';
import type { FileState } from '../../facts/file.js';
import { resolveMode, type ModeArg } from '../schema.js';
import type { Change, Effect } from '../types.js';

export interface AttributeArgs {
  mode?: ModeArg | undefined;
  owner?: string | undefined;
  group?: string | undefined;
}

export type ExistingState = Exclude<FileState, { kind: 'missing' }>;

export interface AttributePlan {
  changes: Change[];
  mode: number;
  owner: string;
  group: string;
}

/** Owner/group arguments may be names or numeric ids. */
export function idMatches(want: string, name: string, id: number): boolean {
  return want === name || (/^\d+$/.test(want) && Number(want) === id);
}

export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * chmod/chown changes for one path. `current` is what the path is (or will be, after an earlier
 * change of the same task). Links are changed with chown -h and never chmod-ed (Linux ignores it).
 */
export function planAttributes(
  path: string,
  current: Pick<ExistingState, 'kind' | 'mode' | 'owner' | 'group' | 'uid' | 'gid'>,
  want: AttributeArgs,
  opts: { recurse?: boolean } = {},
): AttributePlan {
  const changes: Change[] = [];
  const isDir = current.kind === 'directory';
  const R = opts.recurse ? { raw: ' -R' } : { raw: '' };
  let mode = current.mode & 0o7777;
  const wantedMode = current.kind === 'link' ? undefined : resolveMode(want.mode, mode, isDir);
  if (wantedMode !== undefined && wantedMode !== mode) {
    // A symbolic mode is passed on as written so chmod -R applies it per entry (X on directories only).
    const arg = opts.recurse && typeof want.mode === 'string' ? want.mode : formatMode(wantedMode);
    changes.push({ describe: `chmod ${arg} ${path}`, apply: { kind: 'exec', command: sh`chmod${R} -- ${arg} ${path}` } });
    mode = wantedMode;
  }
  const ownerDiffers = want.owner !== undefined && !idMatches(want.owner, current.owner, current.uid);
  const groupDiffers = want.group !== undefined && !idMatches(want.group, current.group, current.gid);
  const H = current.kind === 'link' ? { raw: ' -h' } : { raw: '' };
  if (ownerDiffers && want.owner !== undefined) {
    const spec = groupDiffers && want.group !== undefined ? `${want.owner}:${want.group}` : want.owner;
    changes.push({ describe: `chown ${spec} ${path}`, apply: { kind: 'exec', command: sh`chown${R}${H} -- ${spec} ${path}` } });
  } else if (groupDiffers && want.group !== undefined) {
    changes.push({ describe: `chgrp ${want.group} ${path}`, apply: { kind: 'exec', command: sh`chgrp${R}${H} -- ${want.group} ${path}` } });
  }
  return {
    changes,
    mode,
    owner: ownerDiffers && want.owner !== undefined ? want.owner : current.owner,
    group: groupDiffers && want.group !== undefined ? want.group : current.group,
  };
}

/** The new state a path will have, for the Effect of the last change that touches it. */
export function fileEffect(path: string, state: FileState): Effect {
  return { kind: 'file', path, state };
}

/** Attaches effects to the last change of a list (the one after which the state holds). */
export function attachEffects(changes: Change[], effects: readonly Effect[]): Change[] {
  const last = changes[changes.length - 1];
  if (!last || effects.length === 0) return changes;
  changes[changes.length - 1] = { ...last, effects: [...(last.effects ?? []), ...effects] };
  return changes;
}

/** Ansible's return fields for an existing path. */
export function attributeResult(state: FileState): Record<string, unknown> {
  if (state.kind === 'missing') return { state: 'absent' };
  return {
    mode: formatMode(state.mode),
    owner: state.owner,
    group: state.group,
    uid: state.uid,
    gid: state.gid,
    size: state.size,
    state: state.kind === 'link' ? 'link' : state.kind === 'directory' ? 'directory' : 'file',
  };
}
