/** slurp: a target file's content, base64-encoded, for register. */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({ src: astr() });

export const slurp = defineModule({
  name: 'slurp',
  description: 'Slurp a file from the target (base64)',
  checkMode: 'read-only: runs as usual',
  args,
  aliases: { src: ['path'] },
  async plan(a, ctx) {
    const src = a.src;
    const st = await ctx.stat(src, { checksum: false, follow: true });
    if (st.kind === 'directory') throw new ModuleError(`source is a directory and must be a file: ${src}`, { source: src });
    const content = st.kind === 'missing' ? null : await ctx.readFile(src);
    if (content === null) throw new ModuleError(`file not found: ${src}`, { source: src });
    return { changes: [], result: { content: content.toString('base64'), encoding: 'base64', source: src } };
  },
});
