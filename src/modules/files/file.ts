/** file: a path's kind (file, directory, link, absent…), mode, ownership and times. */
import { posix } from 'node:path';
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import type { FileState } from '../../facts/file.js';
import { newDirMode, newFileMode } from '../../facts/umask.js';
import { abool, astr, resolveMode } from '../schema.js';
import { defineModule, type Change, type FileDiff, type ModuleContext, type Plan } from '../types.js';
import { attachEffects, attributeResult, fileEffect, formatMode, planAttributes, type ExistingState } from './attributes.js';
import { planChattr } from './chattr.js';
import { fileAttributeAliases, fileAttributeArgs, pathArgs } from './common-args.js';
import { resolveLinks } from './ensure-content.js';
import { planHardlink, planSymlink } from './file-links.js';
import { planRecursive } from './file-recurse.js';
import { planTimes } from './file-times.js';

const args = z.strictObject({
  ...pathArgs,
  state: z.enum(['file', 'directory', 'absent', 'touch', 'link', 'hard']).optional(),
  src: astr().optional(),
  recurse: abool().default(false),
  force: abool().default(false),
  follow: abool().default(true),
  modification_time: astr().optional(),
  modification_time_format: astr().default('%Y%m%d%H%M.%S'),
  access_time: astr().optional(),
  access_time_format: astr().default('%Y%m%d%H%M.%S'),
  ...fileAttributeArgs,
});

type FileArgs = z.output<typeof args>;

export const file = defineModule({
  name: 'file',
  description: 'Manage files, directories and links, and their attributes',
  diff: 'path state (kind, mode, owner, link target, attributes)',
  args,
  aliases: { path: ['dest', 'name'], ...fileAttributeAliases },
  remotePaths: { args: ['path'] },
  async plan(a, ctx) {
    const path = a.path;
    const prev = await ctx.stat(path, { checksum: false });
    const state = a.state ?? (await defaultState(ctx, path, prev, a.follow));
    if (a.recurse && state !== 'directory') throw new ModuleError('recurse option requires state to be \'directory\'', { path });
    if (a.src !== undefined && state !== 'link' && state !== 'hard') throw new ModuleError(`src option requires state to be 'link' or 'hard'`, { path });

    let plan: { changes: Change[]; state: FileState; path: string };
    if (state === 'absent') plan = planAbsent(path, prev);
    // state=link without src keeps the link's current target (Ansible reads it back).
    else if (state === 'link') plan = { ...(await planSymlink(ctx, prev, { ...a, path, src: a.src ?? (prev.kind === 'link' ? prev.linkTarget : undefined) })), path };
    else if (state === 'hard') plan = { ...(await planHardlink(ctx, prev, { ...a, path, src: a.src })), path };
    else {
      // file, directory and touch act on what a link points to when follow is on (the default).
      const target = a.follow && prev.kind === 'link' ? await resolveLinks(ctx, path) : { path, state: prev };
      if (state === 'directory') plan = await planDirectory(ctx, target.path, target.state, a);
      else if (state === 'touch') plan = await planTouch(ctx, target.path, target.state, a);
      else plan = planFile(target.path, target.state, a);
    }

    // chattr flags on what the task leaves (not on links, whose flags chattr cannot set)
    const chattr = state === 'absent' || state === 'link' || state === 'hard' ? { changes: [] } : await planChattr(ctx, plan.path, a.attributes, (await ctx.stat(plan.path, { checksum: false })).kind !== 'missing');
    plan.changes.push(...chattr.changes);

    const result: Record<string, unknown> = { path, ...attributeResult(plan.state) };
    if (state === 'link' || state === 'hard') result['src'] = a.src;
    const flags = (shown: string | null | undefined) => (shown === undefined ? '' : `attributes: ${shown ?? ''}\n`);
    const diffs: FileDiff[] =
      ctx.diff && plan.changes.length ? [{ path: plan.path, before: describeState(plan.path, prev) + flags(chattr.before), after: describeState(plan.path, plan.state) + flags(chattr.after) }] : [];
    const out: Plan = { changes: plan.changes, result, diffs: diffs.length ? diffs : undefined };
    return out;
  },
});

/** No state: what the path is now; a followed link counts as what it points to. */
async function defaultState(ctx: ModuleContext, path: string, prev: FileState, follow: boolean): Promise<'file' | 'directory' | 'link'> {
  let kind = prev.kind;
  if (kind === 'link' && follow) kind = (await resolveLinks(ctx, path)).state.kind;
  return kind === 'directory' || kind === 'link' ? kind : 'file';
}

function planAbsent(path: string, prev: FileState) {
  const changes: Change[] = [];
  if (prev.kind !== 'missing') {
    const command = prev.kind === 'directory' ? sh`rm -rf -- ${path}` : sh`rm -f -- ${path}`;
    changes.push({ describe: `remove ${path}`, apply: { kind: 'exec', command }, effects: [fileEffect(path, { kind: 'missing' })] });
  }
  return { changes, state: { kind: 'missing' } as FileState, path };
}

function planFile(path: string, prev: FileState, a: FileArgs) {
  if (prev.kind === 'missing') throw new ModuleError(`file (${path}) is absent, cannot continue`, { path, state: 'absent' });
  if (prev.kind !== 'file') throw new ModuleError(`file (${path}) is ${prev.kind}, cannot continue`, { path, state: prev.kind });
  return finishExisting(path, prev, a, []);
}

async function planTouch(ctx: ModuleContext, path: string, prev: FileState, a: FileArgs) {
  const changes: Change[] = [];
  let base: ExistingState;
  if (prev.kind === 'missing') {
    changes.push({ describe: `create ${path}`, apply: { kind: 'exec', command: sh`touch -- ${path}` } });
    const now = Math.floor(Date.now() / 1000);
    // touch creates the file 0666 less the target's umask, as Ansible's open() does
    base = { kind: 'file', mode: newFileMode(await ctx.umask()), owner: '', group: '', uid: -1, gid: -1, size: 0, mtime: now, sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', content: Buffer.alloc(0) };
    // A new file already has fresh times; only explicit timestamps still need setting.
    changes.push(...planTimes(path, base, a, 'preserve').changes);
  } else {
    base = prev;
    const times = planTimes(path, prev, a, 'now');
    changes.push(...times.changes);
    base = { ...base, mtime: times.mtime };
  }
  return finishExisting(path, base, a, changes);
}

async function planDirectory(ctx: ModuleContext, path: string, prev: FileState, a: FileArgs) {
  if (prev.kind === 'directory') {
    const top = finishExisting(path, prev, a, []);
    if (!a.recurse) return top;
    return planRecursive(ctx, path, prev, top, a);
  }
  if (prev.kind !== 'missing') throw new ModuleError(`${path} already exists as a ${prev.kind}`, { path, state: prev.kind });

  // mkdir -p creates every missing parent; Ansible gives each of them the task's mode/owner/group.
  const created: string[] = [];
  for (let p = path; ; p = posix.dirname(p)) {
    const st = p === path ? prev : await ctx.stat(p, { checksum: false });
    if (st.kind === 'directory') break;
    if (st.kind !== 'missing') throw new ModuleError(`Error creating ${path}: ${p} exists and is not a directory`, { path });
    created.unshift(p);
    if (posix.dirname(p) === p) break;
  }
  const changes: Change[] = [{ describe: `create directory ${path}`, apply: { kind: 'exec', command: sh`mkdir -p -- ${path}` } }];
  // mkdir gives 0777 less the umask, and (-p) the parents it creates u+wx on top; Ansible gives
  // every created directory the task's mode, else 0777 less the umask.
  const made = newDirMode(await ctx.umask());
  const mode = resolveMode(a.mode, made, true) ?? made;
  const mkdirMode = (p: string): number => (p === path ? made : made | 0o300);
  if (created.some((p) => mkdirMode(p) !== mode)) changes.push({ describe: `chmod ${formatMode(mode)} ${created.join(' ')}`, apply: { kind: 'exec', command: sh`chmod -- ${formatMode(mode)} ${created}` } });
  if (a.owner !== undefined || a.group !== undefined) {
    const spec = a.owner !== undefined ? (a.group !== undefined ? `${a.owner}:${a.group}` : a.owner) : `:${a.group ?? ''}`;
    changes.push({ describe: `chown ${spec} ${created.join(' ')}`, apply: { kind: 'exec', command: sh`chown -- ${spec} ${created}` } });
  }
  const now = Math.floor(Date.now() / 1000);
  const dirState = (): FileState => ({ kind: 'directory', mode, owner: a.owner ?? '', group: a.group ?? '', uid: -1, gid: -1, size: 4096, mtime: now });
  attachEffects(changes, created.map((p) => fileEffect(p, dirState())));
  return { changes, state: dirState(), path };
}

/** Mode/owner/group (and explicit times) of an existing path, after `changes` already planned. */
function finishExisting(path: string, base: ExistingState, a: FileArgs, changes: Change[]) {
  const times = changes.length ? { changes: [], mtime: base.mtime } : planTimes(path, base, a, 'preserve');
  const attrs = planAttributes(path, base, { mode: a.mode, owner: a.owner, group: a.group });
  const all = [...changes, ...times.changes, ...attrs.changes];
  const state: ExistingState = { ...base, mode: attrs.mode, owner: attrs.owner, group: attrs.group, mtime: times.mtime };
  attachEffects(all, [fileEffect(path, state)]);
  return { changes: all, state: state as FileState, path };
}

/** Ansible's file diff is a small dict; shown here as YAML-like text. */
function describeState(path: string, st: FileState): string {
  const kind = st.kind === 'missing' ? 'absent' : st.kind === 'link' ? 'link' : st.kind;
  let text = `path: ${path}\nstate: ${kind}\n`;
  if (st.kind !== 'missing' && st.kind !== 'link') text += `mode: '${formatMode(st.mode)}'\n`;
  if (st.kind !== 'missing' && st.owner) text += `owner: ${st.owner}\ngroup: ${st.group}\n`;
  if (st.kind === 'link' && st.linkTarget !== undefined) text += `src: ${st.linkTarget}\n`;
  return text;
}
