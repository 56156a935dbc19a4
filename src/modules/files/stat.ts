/** stat: facts about a path, in Ansible's `stat` return shape. Never changes anything. */
import { onlyBoolean, onlyString } from '../refused.js';
import { z } from 'zod';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { formatMode } from './attributes.js';
import { detailsCommand, parseDetails } from './stat-details.js';

const args = z.strictObject({
  path: astr(),
  follow: abool().default(false),
  get_checksum: abool().default(true),
  checksum_algorithm: onlyString('sha1', 'checksum_algorithm: play checksums with sha1 (the default)', 'md5'),
  get_mime: abool().default(true),
  get_attributes: abool().default(true),
  /** Removed from Ansible's stat in 2.9: refused by name rather than ignored. */
  get_md5: onlyBoolean(false, 'get_md5 was removed from stat (use checksum_algorithm)'),
});

export const stat = defineModule({
  name: 'stat',
  description: 'Retrieve file or file system status',
  checkMode: 'read-only: runs as usual',
  args,
  aliases: { path: ['dest', 'name'] },
  remotePaths: { args: ['path'] },
  async plan(a, ctx) {
    const path = a.path;
    const st = await ctx.stat(path, { checksum: a.get_checksum, follow: a.follow });
    if (st.kind === 'missing') return { changes: [], result: { stat: { exists: false } } };
    const opts = { mime: a.get_mime, attributes: a.get_attributes };
    const details = parseDetails((await ctx.probe(detailsCommand(path, { follow: a.follow, ...opts }), { offline: { rc: 0, stdout: '' } })).stdout, opts);
    const info: Record<string, unknown> = {
      ...details,
      exists: true,
      path,
      isdir: st.kind === 'directory',
      isreg: st.kind === 'file',
      islnk: st.kind === 'link',
      mode: formatMode(st.mode),
      uid: st.uid,
      gid: st.gid,
      pw_name: st.owner,
      gr_name: st.group,
      size: st.size,
      // the host's own time (with its fraction, as Ansible's float) when it has the path
      mtime: details['mtime'] ?? st.mtime,
    };
    info['readable'] ??= true;
    if (st.kind === 'file' && a.get_checksum && st.sha1 !== undefined) info['checksum'] = st.sha1;
    if (st.kind === 'link') {
      info['lnk_source'] = st.linkTarget;
      info['lnk_target'] = st.linkTarget;
    }
    return { changes: [], result: { stat: info } };
  },
});
