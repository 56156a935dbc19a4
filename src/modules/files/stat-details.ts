/**
 * What Ansible's stat reports beyond the run's view of a path (files/stat.ts): inode, device,
 * links and times, access for the task's user, MIME type and charset (file(1)) and the ext
 * attributes (lsattr). Read in one probe; a path the run has only planned (check mode) has none.
 */
import { rawCommand, sh, type ShellCommand } from '../../connection/command.js';
import { parseStatLine, STAT_LINE, statFields } from './stat-line.js';

const FLAGS: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync', e: 'extents', E: 'encrypted', h: 'blocksize', i: 'immutable',
  I: 'indexed', j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail', T: 'blockroot', u: 'undelete', X: 'compressedraw', Z: 'compresseddirty',
};

export function detailsCommand(path: string, opts: { follow: boolean; mime: boolean; attributes: boolean }): ShellCommand {
  const L = rawCommand(opts.follow ? ' -L' : '');
  return sh`p=${path}; [ -e "$p" ] || [ -L "$p" ] || exit 0; stat${L} -c ${`%b|%o|%t|%T|${STAT_LINE}`} -- "$p" || exit 0; a=; [ -r "$p" ] && a=r; [ -w "$p" ] && a="$a"w; [ -x "$p" ] && a="$a"x; echo "access=$a"; `
    .concat(opts.mime ? sh`echo "mime=$(file -b --mime-type -- "$p" 2>/dev/null || echo unknown)"; echo "charset=$(file -b --mime-encoding -- "$p" 2>/dev/null || echo unknown)"; ` : sh``)
    .concat(opts.attributes ? sh`echo "lsattr=$(lsattr -vd -- "$p" 2>/dev/null)"; ` : sh``);
}

/** The probe's lines → Ansible's stat fields (empty when the path is not on the host). */
export function parseDetails(stdout: string, opts: { mime: boolean; attributes: boolean }): Record<string, unknown> {
  const lines = stdout.split('\n');
  const first = lines[0] ?? '';
  if (first === '') return {};
  const [blocks = '0', blockSize = '0', major = '0', minor = '0', ...rest] = first.split('|');
  const s = parseStatLine(rest.join('|'));
  const kv = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
  const access = kv.get('access') ?? '';
  const out: Record<string, unknown> = {
    ...statFields(s),
    blocks: Number(blocks),
    block_size: Number(blockSize),
    device_type: s.type === 'char' || s.type === 'block' ? (parseInt(major, 16) << 8) | parseInt(minor, 16) : 0,
    readable: access.includes('r'),
    writeable: access.includes('w'),
    executable: access.includes('x'),
  };
  delete out.path;
  if (opts.mime) {
    out.mimetype = kv.get('mime') || 'unknown';
    out.charset = kv.get('charset') || 'unknown';
  }
  if (opts.attributes) {
    const [version = '', flags = ''] = (kv.get('lsattr') ?? '').trim().split(/\s+/);
    const attrFlags = flags.replace(/-/g, '');
    out.version = version === '' ? null : version;
    out.attr_flags = attrFlags;
    out.attributes = [...attrFlags].map((f) => FLAGS[f]).filter((n): n is string => n !== undefined);
  }
  return out;
}
