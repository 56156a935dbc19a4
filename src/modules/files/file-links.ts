/** file state=link|hard: symbolic and hard links, replacing what is there only with force. */
import { posix } from 'node:path';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import type { FileState } from '../../facts/file.js';
import type { Change, ModuleContext } from '../types.js';
import { attachEffects, fileEffect, planAttributes, type AttributeArgs } from './attributes.js';

export interface LinkArgs extends AttributeArgs {
  path: string;
  src: string | undefined;
  force: boolean;
}

export interface LinkPlan {
  changes: Change[];
  state: FileState;
}

export async function planSymlink(ctx: ModuleContext, prev: FileState, a: LinkArgs): Promise<LinkPlan> {
  const { path, src } = a;
  if (src === undefined) throw new ModuleError('src is required for creating a link', { path });
  // A relative link target is relative to the link's own directory.
  const absSrc = posix.resolve(posix.dirname(path), src);
  if (!a.force && (await ctx.stat(absSrc, { checksum: false })).kind === 'missing') {
    throw new ModuleError(`src file does not exist, use "force=yes" if you really want to create the link: ${absSrc}`, { path, src });
  }
  const changes: Change[] = [];
  if (prev.kind === 'link' && prev.linkTarget === src) {
    // already right
  } else if (prev.kind === 'missing' || prev.kind === 'link') {
    changes.push({ describe: `link ${path} -> ${src}`, apply: { kind: 'exec', command: sh`ln -sfn -- ${src} ${path}` } });
  } else if (!a.force) {
    throw new ModuleError(`refusing to convert from ${prev.kind} to symlink for ${path}`, { path, src });
  } else if (prev.kind === 'directory') {
    // Ansible only replaces an empty directory; rmdir refuses a non-empty one.
    changes.push({ describe: `replace directory ${path} by link -> ${src}`, apply: { kind: 'exec', command: sh`rmdir -- ${path} && ln -s -- ${src} ${path}` } });
  } else {
    changes.push({ describe: `replace ${path} by link -> ${src}`, apply: { kind: 'exec', command: sh`ln -sfn -- ${src} ${path}` } });
  }
  const before = prev.kind === 'link' && changes.length === 0 ? prev : { kind: 'link' as const, mode: 0o777, owner: '', group: '', uid: -1, gid: -1 };
  const attrs = planAttributes(path, { ...before, kind: 'link' }, { owner: a.owner, group: a.group });
  changes.push(...attrs.changes);
  const state: FileState = {
    kind: 'link',
    mode: 0o777,
    owner: attrs.owner,
    group: attrs.group,
    uid: before.uid,
    gid: before.gid,
    size: Buffer.byteLength(src),
    mtime: prev.kind === 'link' && changes.length === 0 ? prev.mtime : Math.floor(Date.now() / 1000),
    linkTarget: src,
  };
  attachEffects(changes, [fileEffect(path, state)]);
  return { changes, state };
}

export async function planHardlink(ctx: ModuleContext, prev: FileState, a: LinkArgs): Promise<LinkPlan> {
  const { path, src } = a;
  if (src === undefined) throw new ModuleError('src is required for creating a link', { path });
  const absSrc = posix.resolve(posix.dirname(path), src);
  const source = await ctx.stat(absSrc, { checksum: true });
  if (source.kind === 'missing') throw new ModuleError(`src does not exist: ${absSrc}`, { path, src });
  const changes: Change[] = [];
  let same = false;
  if (prev.kind !== 'missing') {
    const probe = await ctx.probe(sh`[ ${path} -ef ${absSrc} ]`, { offline: { rc: 1 } });
    same = probe.rc === 0;
    if (!same && !a.force && prev.kind !== 'link') throw new ModuleError(`refusing to convert from ${prev.kind} to hard link for ${path}`, { path, src });
    if (!same && prev.kind === 'directory') throw new ModuleError(`cannot replace the directory ${path} by a hard link`, { path, src });
  }
  if (!same) changes.push({ describe: `hard link ${path} -> ${src}`, apply: { kind: 'exec', command: sh`ln -f -- ${absSrc} ${path}` } });
  const attrs = planAttributes(path, source, { mode: a.mode, owner: a.owner, group: a.group });
  changes.push(...attrs.changes);
  const state: FileState = { ...source, mode: attrs.mode, owner: attrs.owner, group: attrs.group };
  // Both names are the same inode: the source changes along with the link.
  attachEffects(changes, [fileEffect(path, state), fileEffect(absSrc, state)]);
  return { changes, state };
}
