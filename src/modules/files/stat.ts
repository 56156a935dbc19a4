/** stat: facts about a path, in Ansible's `stat` return shape. Never changes anything. */
import { z } from 'zod';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { formatMode } from './attributes.js';

const args = z.strictObject({
  path: astr(),
  follow: abool().default(false),
  get_checksum: abool().default(true),
  checksum_algorithm: z.enum(['sha1']).default('sha1'),
  get_mime: abool().optional(),
  get_attributes: abool().optional(),
  get_md5: abool().optional(),
});

export const stat = defineModule({
  name: 'stat',
  description: 'Retrieve file or file system status',
  checkMode: 'read-only: runs as usual',
  args,
  aliases: { path: ['dest', 'name'] },
  async plan(a, ctx) {
    const path = a.path;
    const st = await ctx.stat(path, { checksum: a.get_checksum, follow: a.follow });
    if (st.kind === 'missing') return { changes: [], result: { stat: { exists: false } } };
    const info: Record<string, unknown> = {
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
      mtime: st.mtime,
      readable: true,
    };
    if (st.kind === 'file' && a.get_checksum && st.sha1 !== undefined) info['checksum'] = st.sha1;
    if (st.kind === 'link') {
      info['lnk_source'] = st.linkTarget;
      info['lnk_target'] = st.linkTarget;
    }
    return { changes: [], result: { stat: info } };
  },
});
