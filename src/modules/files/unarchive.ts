/**
 * unarchive: unpack a tar (plain, gz, bz2, xz) or zip archive into an existing directory on the
 * target with its tar/unzip, from the controller (sent on stdin) or already on the target
 * (remote_src, which may be a URL fetched there). Unchanged when unpacking would change nothing:
 * a probe unpacks into a scratch directory and compares every entry with dest.
 */
import { z } from 'zod';
import { rawCommand, sh, type ShellCommand } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { abool, alist, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { attributeResult } from './attributes.js';
import { downloadCommand } from '../system/download.js';

const args = z.strictObject({
  src: astr(),
  dest: astr(),
  remote_src: abool().default(false),
  copy: abool().optional(),
  creates: astr().optional(),
  extra_opts: alist().default([]),
  exclude: alist().default([]),
  validate_certs: abool().default(true),
});

interface Format {
  handler: 'TgzArchive' | 'TarArchive' | 'TarBzipArchive' | 'TarXzArchive' | 'ZipArchive';
  /** Unpacks "$arc" into the directory "$to". */
  unpack: (extra: readonly string[], exclude: readonly string[]) => ShellCommand;
}

function tar(flag: string, handler: Format['handler']): Format {
  return {
    handler,
    unpack: (extra, exclude) => sh`tar -C "$to" -x${rawCommand(flag)}f "$arc"`.concat(words(extra)).concat(words(exclude.map((e) => `--exclude=${e}`))),
  };
}

const words = (list: readonly string[]): ShellCommand => list.reduce((acc, w) => acc.concat(sh` ${w}`), sh``);

const ZIP: Format = {
  handler: 'ZipArchive',
  unpack: (extra, exclude) => sh`unzip -qo`.concat(words(extra)).concat(sh` "$arc" -d "$to"`).concat(exclude.length ? sh` -x`.concat(words(exclude)) : sh``),
};

export function formatOf(src: string): Format | undefined {
  const name = src.toLowerCase().replace(/[?#].*$/, '');
  if (name.endsWith('.zip')) return ZIP;
  if (/\.(tar\.gz|tgz)$/.test(name)) return tar('z', 'TgzArchive');
  if (/\.(tar\.bz2|tbz2?)$/.test(name)) return tar('j', 'TarBzipArchive');
  if (/\.(tar\.xz|txz)$/.test(name)) return tar('J', 'TarXzArchive');
  if (name.endsWith('.tar')) return tar('', 'TarArchive');
  return undefined;
}

/** The archive as "$arc" on the target: the controller's file from stdin, a download, or the path itself. */
function archiveSource(src: string, onTarget: boolean, validateCerts: boolean): ShellCommand {
  if (!onTarget) return sh`arc=$(mktemp) || exit 1; cat > "$arc" || exit 1; `;
  if (src.includes('://')) {
    return sh`out=$(mktemp) || exit 1; arc=$out; `.concat(downloadCommand({ url: src, timeoutS: 10, validateCerts, headers: {}, username: undefined, password: undefined })).concat(sh` || exit 1; `);
  }
  return sh`arc=${src}; `;
}

export const unarchive = defineModule({
  name: 'unarchive',
  description: 'Unpacks an archive after (optionally) copying it from the controller',
  args,
  async plan(a, ctx) {
    const onTarget = a.remote_src || a.copy === false;
    const format = formatOf(a.src);
    const result: Record<string, unknown> = { dest: a.dest, src: a.src };
    if (!format) throw new ModuleError(`Failed to find handler for "${a.src}": play unpacks .tar, .tar.gz/.tgz, .tar.bz2, .tar.xz and .zip`, result);
    result.handler = format.handler;
    if (a.creates !== undefined && (await ctx.stat(a.creates, { checksum: false })).kind !== 'missing') {
      return { changes: [], skipped: true, msg: `skipped, since ${a.creates} exists`, result };
    }
    const dest = await ctx.stat(a.dest, { checksum: false });
    if (dest.kind !== 'directory') throw new ModuleError(`dest '${a.dest}' must be an existing dir`, result);
    Object.assign(result, attributeResult(dest));
    const content = onTarget ? undefined : await ctx.readLocal(await ctx.findLocal('files', a.src));
    const source = archiveSource(a.src, onTarget, a.validate_certs);
    const cleanup = onTarget && !a.src.includes('://') ? sh`` : sh`rm -f "$arc"; `;
    // unpack into a scratch directory and compare: what the real unpack would change
    const probe = source
      .concat(sh`to=$(mktemp -d) || exit 1; `)
      .concat(format.unpack(a.extra_opts, a.exclude))
      .concat(sh` >/dev/null 2>&1 || { echo unreadable; rm -rf "$to"; exit 0; }; d=${a.dest}; cd "$to" && find . ! -name . | while IFS= read -r f; do if [ -d "$f" ] && [ ! -L "$f" ]; then [ -d "$d/$f" ] || { echo differs; break; }; elif [ -L "$f" ]; then [ "$(readlink "$f")" = "$(readlink "$d/$f" 2>/dev/null)" ] || { echo differs; break; }; else cmp -s "$f" "$d/$f" || { echo differs; break; }; fi; done; cd / && rm -rf "$to"; `)
      .concat(cleanup);
    const res = await ctx.probe(probe, { stdin: content, offline: { rc: 0, stdout: 'differs\n' } });
    if (res.stdout.includes('unreadable')) throw new ModuleError(`Failed to unpack ${a.src} with ${format.handler === 'ZipArchive' ? 'unzip' : 'tar'} on the target`, result);
    if (!res.stdout.includes('differs')) return { changes: [], result };
    const command = source
      .concat(sh`to=${a.dest}; `)
      .concat(format.unpack(a.extra_opts, a.exclude))
      .concat(sh`; rc=$?; `)
      .concat(cleanup)
      .concat(sh`exit $rc`);
    return { changes: [{ describe: `unpack ${a.src} into ${a.dest}`, apply: { kind: 'exec', command, stdin: content } }], result };
  },
});
