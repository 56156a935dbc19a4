/**
 * The one way modules put whole-file content on a target (copy, template, lineinfile,
 * blockinfile, replace): compare checksums, read the old text only when a diff needs it, then
 * plan an atomic write, a backup, validation and attribute fixes.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import type { FileState } from '../../facts/file.js';
import { newDirMode, newFileMode } from '../../facts/umask.js';
import { resolveMode } from '../schema.js';
import type { Change, FileDiff, ModuleContext, Plan } from '../types.js';
import { attachEffects, fileEffect, formatMode, planAttributes, type AttributeArgs, type ExistingState } from './attributes.js';
import { planChattr } from './chattr.js';
import { validatedWriteScript } from './validate.js';

export interface EnsureContentArgs extends AttributeArgs {
  dest: string;
  /** chattr flags (chattr.ts). */
  attributes?: string | undefined;
  content: Buffer;
  backup?: boolean | undefined;
  validate?: string | undefined;
  /** false: only create a missing file, never replace an existing one. Default true. */
  force?: boolean | undefined;
  /** Write through a symlink at dest (lineinfile & co.) instead of replacing the link. */
  follow?: boolean | undefined;
  /** Create a missing parent directory first (lineinfile/blockinfile create=yes). */
  makeParents?: boolean | undefined;
  /**
   * Report owner, group, uid and gid also for a file the task creates (copy's and template's
   * result): read back from the target once it is written, as only the run can know them.
   */
  reportOwner?: boolean | undefined;
  /** The current content when the caller already read it, so it is not read twice. */
  current?: Buffer | null | undefined;
}

/** Ansible skips diffs of files larger than this (max_diff_size). */
const MAX_DIFF_BYTES = 104_448;

export function sha1(content: Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

/** Text shown in a diff: binary or huge content becomes a one-line placeholder. */
export function diffText(content: Buffer): string {
  if (content.length > MAX_DIFF_BYTES) return `[content not shown: ${content.length} bytes is more than the diff limit]\n`;
  if (content.includes(0) || !isUtf8(content)) return `[binary content: ${content.length} bytes, sha1 ${sha1(content)}]\n`;
  return content.toString('utf8');
}

export function isUtf8(content: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/** Ansible's backup name: the file name plus the time, e.g. "/etc/hosts.2024-05-01@13:02:11~". */
export function backupName(dest: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}@${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
  return `${dest}.${stamp}~`;
}

/** Follows symlinks at `path` (relative targets resolve against the link's directory). */
export async function resolveLinks(ctx: ModuleContext, path: string): Promise<{ path: string; state: FileState }> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const state = await ctx.stat(current, { checksum: true });
    if (state.kind !== 'link' || state.linkTarget === undefined) return { path: current, state };
    current = posix.resolve(posix.dirname(current), state.linkTarget);
  }
  throw new ModuleError(`too many levels of symbolic links: ${path}`);
}

export interface ContentPlan extends Plan {
  /** The content is (re)written. */
  written: boolean;
  /** Mode or ownership is fixed (Ansible's "ownership, perms or SE linux context changed"). */
  attributesChanged: boolean;
}

export async function ensureContent(ctx: ModuleContext, args: EnsureContentArgs): Promise<ContentPlan> {
  const { content } = args;
  const { path: dest, state: st } = args.follow ? await resolveLinks(ctx, args.dest) : { path: args.dest, state: await ctx.stat(args.dest, { checksum: true }) };
  if (st.kind === 'directory') throw new ModuleError(`Destination ${dest} is a directory !`, { rc: 256, dest });
  if (st.kind === 'other') throw new ModuleError(`Destination ${dest} is not a regular file`, { dest });

  const checksum = sha1(content);
  const existing: ExistingState | undefined = st.kind === 'file' ? st : undefined;
  const force = args.force ?? true;
  const writeContent = existing === undefined ? st.kind === 'missing' || force : force && existing.sha1 !== checksum;

  const changes: Change[] = [];
  const diffs: FileDiff[] = [];
  const result: Record<string, unknown> = { dest };
  let backupFile: string | undefined;

  if (writeContent && st.kind === 'missing' && args.makeParents) {
    const parent = posix.dirname(dest);
    if ((await ctx.stat(parent, { checksum: false })).kind === 'missing') {
      const dirState: FileState = { kind: 'directory', mode: newDirMode(await ctx.umask()), owner: '', group: '', uid: -1, gid: -1, size: 4096, mtime: Math.floor(Date.now() / 1000) };
      changes.push({ describe: `create directory ${parent}`, apply: { kind: 'exec', command: sh`mkdir -p -- ${parent}` }, effects: [fileEffect(parent, dirState)] });
    }
  }
  if (writeContent && existing && args.backup) {
    backupFile = backupName(dest);
    changes.push({
      describe: `backup ${dest} to ${backupFile}`,
      apply: { kind: 'exec', command: sh`cp -p -- ${dest} ${backupFile}` },
      effects: [fileEffect(backupFile, existing)],
    });
  }

  // The mode a written file ends up with: the task's, else the existing file's, else what a new
  // file gets on the target without mode (0666 less its umask, as with Ansible).
  const baseMode = existing ? existing.mode : newFileMode(await ctx.umask());
  const wantedMode = resolveMode(args.mode, baseMode, false);
  if (writeContent) {
    const modeForWrite = wantedMode !== undefined && wantedMode !== baseMode ? wantedMode : existing ? undefined : wantedMode;
    if (args.validate !== undefined) {
      changes.push({
        describe: `validate and write ${dest}`,
        apply: { kind: 'exec', command: validatedWriteScript(dest, args.validate, modeForWrite), stdin: content },
      });
    } else {
      changes.push({ describe: `write ${dest}`, apply: { kind: 'put', path: dest, content, mode: modeForWrite } });
    }
    if (ctx.diff) {
      const before = existing ? (args.current ?? (await ctx.readFile(dest)) ?? Buffer.alloc(0)) : Buffer.alloc(0);
      diffs.push({ path: dest, before: existing ? diffText(before) : '', after: diffText(content) });
    }
  }

  // A new file's owner is whoever runs the write; unknown here, so any owner= needs a chown.
  const afterWrite = {
    kind: 'file' as const,
    mode: writeContent ? (wantedMode ?? baseMode) : (existing?.mode ?? baseMode),
    owner: existing?.owner ?? '',
    group: existing?.group ?? '',
    uid: existing?.uid ?? -1,
    gid: existing?.gid ?? -1,
  };
  const attrs = planAttributes(dest, afterWrite, { mode: writeContent ? undefined : args.mode, owner: args.owner, group: args.group });
  changes.push(...attrs.changes);
  const chattr = await planChattr(ctx, dest, args.attributes, existing !== undefined);

  const finalContent = writeContent || !existing ? content : undefined;
  const finalState: FileState = {
    kind: 'file',
    mode: attrs.mode,
    owner: attrs.owner,
    group: attrs.group,
    uid: attrs.owner === afterWrite.owner ? afterWrite.uid : numericOr(attrs.owner, -1),
    gid: attrs.group === afterWrite.group ? afterWrite.gid : numericOr(attrs.group, -1),
    size: finalContent?.length ?? existing?.size ?? 0,
    mtime: writeContent ? Math.floor(Date.now() / 1000) : (existing?.mtime ?? 0),
    sha1: finalContent ? checksum : existing?.sha1,
    content: finalContent ?? existing?.content,
  };
  attachEffects(changes, [fileEffect(dest, finalState)]);
  changes.push(...chattr.changes);
  const ownerUnknown = finalState.owner === '' || finalState.group === '' || finalState.uid < 0 || finalState.gid < 0;
  // only with a change: a file this run only planned (check mode) has no owner to read yet
  if (args.reportOwner && ownerUnknown && changes.length > 0) changes.push(ownerReport(dest));

  Object.assign(result, {
    checksum: finalState.sha1,
    size: finalState.size,
    mode: formatMode(finalState.mode),
    // a new file's owner is whoever the write runs as, unknown while planning: not reported
    ...(finalState.owner === '' ? {} : { owner: finalState.owner }),
    ...(finalState.group === '' ? {} : { group: finalState.group }),
    ...(finalState.uid < 0 ? {} : { uid: finalState.uid }),
    ...(finalState.gid < 0 ? {} : { gid: finalState.gid }),
    state: 'file',
  });
  if (backupFile !== undefined) result['backup_file'] = backupFile;
  return { changes, diffs: diffs.length ? diffs : undefined, result, written: writeContent, attributesChanged: attrs.changes.length + chattr.changes.length > 0 };
}

/** Who owns the written file: values only the run itself can know (a new file's owner is whoever wrote it). */
function ownerReport(dest: string): Change {
  const command = sh`stat -c '%U|%G|%u|%g' -- ${dest} | tr '|' '\n'`;
  return { describe: `read the owner of ${dest}`, apply: { kind: 'exec', command, resultFields: ['owner', 'group', 'uid', 'gid'], intFields: ['uid', 'gid'] } };
}

function numericOr(value: string, fallback: number): number {
  return /^\d+$/.test(value) ? Number(value) : fallback;
}
