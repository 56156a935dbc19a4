/** mount: an fstab entry (edited through ensureContent) and, for mounted/unmounted, the live mount. */
import { z } from 'zod';
import { sh, type ShellCommand } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { escapeMountField, mountedFilesystems, unescapeMountField, type MountEntry } from '../../facts/mounts.js';
import { factKey } from '../../facts/types.js';
import { ensureContent } from '../files/ensure-content.js';
import { abool, astr, matching } from '../schema.js';
import { defineModule, type Change, type FileDiff } from '../types.js';

const args = z.strictObject({
  path: matching(/^\//, 'path must be absolute'),
  src: astr().optional(),
  fstype: astr().optional(),
  opts: astr().default('defaults'),
  dump: astr().default('0'),
  passno: astr().default('0'),
  state: z.enum(['present', 'absent', 'mounted', 'unmounted', 'remounted']),
  fstab: astr().default('/etc/fstab'),
  backup: abool().default(false),
  boot: abool().default(true),
});

export interface FstabEdit {
  text: string;
  changed: boolean;
}

/** Puts (entry given) or removes (null) the line whose mount point is `path`; other lines stay as they are. */
export function editFstab(text: string, path: string, entry: string[] | null): FstabEdit {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let found = false;
  let changed = false;
  for (const line of lines) {
    const fields = line.trim().split(/\s+/);
    if (line.trim().startsWith('#') || fields.length < 2 || unescapeMountField(fields[1] ?? '') !== path) {
      out.push(line);
      continue;
    }
    if (entry === null || found) {
      changed = true;
      continue;
    }
    found = true;
    // Same fields (dump/passno default to 0 when left out) ⇒ keep the line and its spacing.
    const have = [...fields, '0', '0'].slice(0, 6);
    if (have.join(' ') === entry.join(' ')) out.push(line);
    else {
      out.push(entry.join(' '));
      changed = true;
    }
  }
  if (entry !== null && !found) {
    out.push(entry.join(' '));
    changed = true;
  }
  return { text: out.length ? `${out.join('\n')}\n` : '', changed };
}

/**
 * mount/remount read the entry from fstab: from another file than /etc/fstab only when told
 * (-T, util-linux), as Ansible does on Linux — else the entry just written is not found.
 */
function mountCommand(path: string, fstab: string, remount: boolean): ShellCommand {
  const options = remount ? sh` -o remount` : sh``;
  const table = fstab === '/etc/fstab' ? sh`` : sh` -T ${fstab}`;
  return sh`mount`.concat(options).concat(table).concat(sh` -- ${path}`);
}

export const mount = defineModule({
  name: 'mount',
  description: 'Manage fstab entries and mounted filesystems',
  diff: 'fstab content',
  args,
  aliases: { path: ['name', 'dest'] },
  async plan(a, ctx) {
    const path = a.path.length > 1 ? a.path.replace(/\/+$/, '') : a.path;
    const changes: Change[] = [];
    const diffs: FileDiff[] = [];
    const wantsEntry = a.state === 'present' || a.state === 'mounted';
    if (wantsEntry && (a.src === undefined || a.fstype === undefined)) throw new ModuleError(`state=${a.state} needs src and fstype`, { name: path });

    let fstabChanged = false;
    if (wantsEntry || a.state === 'absent') {
      let opts = a.opts;
      if (!a.boot && !opts.split(',').includes('noauto')) opts = opts === 'defaults' ? 'noauto' : `${opts},noauto`;
      const entry = wantsEntry ? [escapeMountField(a.src ?? ''), escapeMountField(path), a.fstype ?? '', opts, a.dump, a.passno] : null;
      const current = await ctx.readFile(a.fstab);
      const edit = editFstab(current?.toString('utf8') ?? '', path, entry);
      if (edit.changed) {
        const plan = await ensureContent(ctx, { dest: a.fstab, content: Buffer.from(edit.text, 'utf8'), current, backup: a.backup });
        changes.push(...plan.changes);
        diffs.push(...(plan.diffs ?? []));
        fstabChanged = true;
      }
    }

    const result = { name: path, src: a.src, fstype: a.fstype, opts: a.opts, dump: a.dump, passno: a.passno, fstab: a.fstab };
    if (a.state === 'present') return { changes, diffs: diffs.length ? diffs : undefined, result };
    const mounted = await ctx.fact(mountedFilesystems, {});
    const live = mounted.find((m) => m.path === path);
    const key = factKey(mountedFilesystems, {});
    const without = mounted.filter((m) => m.path !== path);
    if (a.state === 'mounted') {
      const entry: MountEntry = { src: a.src ?? '', path, fstype: a.fstype ?? '', opts: a.opts };
      if (!live) {
        if ((await ctx.stat(path, { checksum: false })).kind === 'missing') {
          changes.push({ describe: `mkdir -p ${path}`, apply: { kind: 'exec', command: sh`mkdir -p -- ${path}` } });
        }
        changes.push({ describe: `mount ${path}`, apply: { kind: 'exec', command: mountCommand(path, a.fstab, false) }, effects: [{ kind: 'fact', key, value: [...mounted, entry] }] });
      } else if (fstabChanged) {
        changes.push({ describe: `mount -o remount ${path}`, apply: { kind: 'exec', command: mountCommand(path, a.fstab, true) }, effects: [{ kind: 'fact', key, value: [...without, entry] }] });
      }
    } else if ((a.state === 'unmounted' || a.state === 'absent') && live) {
      changes.push({ describe: `umount ${path}`, apply: { kind: 'exec', command: sh`umount -- ${path}` }, effects: [{ kind: 'fact', key, value: without }] });
    } else if (a.state === 'remounted') {
      if (!live) throw new ModuleError(`${path} is not mounted, so it cannot be remounted`, { name: path });
      changes.push({ describe: `mount -o remount ${path}`, apply: { kind: 'exec', command: mountCommand(path, a.fstab, true) }, effects: [{ kind: 'fact', key, value: mounted }] });
    }
    return {
      changes,
      diffs: diffs.length ? diffs : undefined,
      result,
    };
  },
});
