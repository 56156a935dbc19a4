/** fetch: copy a file from the target to the controller (dest/<host>/<src> unless flat). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({
  src: astr(),
  dest: astr(),
  flat: abool().default(false),
  fail_on_missing: abool().default(true),
  validate_checksum: abool().default(true),
});

async function localSha1(file: string): Promise<string | undefined> {
  try {
    return createHash('sha1').update(await readFile(file)).digest('hex');
  } catch {
    return undefined;
  }
}

export const fetch = defineModule({
  name: 'fetch',
  description: 'Fetch a file from the target to the controller',
  checkMode: 'predicts; the controller\'s copy is not written',
  args,
  async plan(a, ctx) {
    const flatDir = a.flat && a.dest.endsWith('/');
    const dest = a.flat
      ? flatDir
        ? path.join(a.dest, path.basename(a.src))
        : a.dest
      : path.join(a.dest, ctx.host.name, path.resolve('/', a.src));
    const st = await ctx.stat(a.src, { checksum: true, follow: true });
    if (st.kind === 'missing') {
      if (a.fail_on_missing) throw new ModuleError(`the remote file does not exist, not transferring: ${a.src}`, { file: a.src });
      return { changes: [], msg: 'the remote file does not exist, not transferring, ignored', result: { file: a.src } };
    }
    if (st.kind !== 'file') throw new ModuleError(`remote file is a directory, fetch cannot work on directories: ${a.src}`, { file: a.src });
    const remote = st.sha1;
    const local = await localSha1(dest);
    const result = { dest, remote_checksum: remote, checksum: remote, file: a.src };
    if (local !== undefined && local === remote) return { changes: [], result };
    // the write is on the controller: the executor reads the target's file, checks it, writes atomically
    const checksum = a.validate_checksum ? remote : undefined;
    return { changes: [{ describe: `fetch ${a.src} to ${dest}`, apply: { kind: 'controller', step: { name: 'fetch_file', src: a.src, dest, checksum } } }], result };
  },
});
