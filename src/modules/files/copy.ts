/** copy: put a controller file, inline content, or a file already on the target at dest. */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { maybeDecodeVaultFile } from '../../secrets/vault-hook.js';
import { onlyBoolean, refusedArg } from '../refused.js';
import { abool, astr } from '../schema.js';
import { defineModule, type ModuleContext } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs } from './common-args.js';
import { ensureContent, sha1 } from './ensure-content.js';

/** Ansible JSON-encodes dicts and lists given as content. */
const contentArg = z.preprocess((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v), astr());

const args = z.strictObject({
  src: astr().optional(),
  content: contentArg.optional(),
  dest: astr(),
  backup: abool().default(false),
  force: abool().default(true),
  remote_src: abool().default(false),
  validate: astr().optional(),
  follow: abool().default(false),
  local_follow: onlyBoolean(true, 'local_follow: false applies to links inside copied directories, which play does not copy'),
  directory_mode: refusedArg('directory_mode applies to copying directories, which play does not do: copy files one by one', '0755'),
  decrypt: abool().default(true),
  checksum: astr().optional(),
  ...fileAttributeArgs,
});

export const copy = defineModule({
  name: 'copy',
  description: 'Copy a file from the controller (or from the target with remote_src) to the target',
  diff: 'file content',
  args,
  aliases: fileAttributeAliases,
  constraints: { mutuallyExclusive: [['content', 'src']], requiredOneOf: [['src', 'content']] },
  remotePaths: { args: ['dest'] },
  async plan(a, ctx) {
    if (a.content !== undefined && a.dest.endsWith('/')) throw new ModuleError('can not use content with a dir as dest');

    const source = a.content !== undefined ? { content: Buffer.from(a.content, 'utf8'), mode: undefined } : await readSource(ctx, a.src ?? '', a.remote_src, a.decrypt);
    // checksum: the sha1 the file must have; anything else is not written
    if (a.checksum !== undefined && sha1(source.content) !== a.checksum.toLowerCase()) {
      throw new ModuleError('Copied file does not match the expected checksum. Transfer failed.', { checksum: sha1(source.content), expected_checksum: a.checksum });
    }
    const dest = await finalDest(ctx, a.dest, a.src, a.content !== undefined);
    // A file copied on the target keeps its source's permissions when it is created (copystat).
    let mode = a.mode;
    if (mode === undefined && source.mode !== undefined && (await ctx.stat(dest, { checksum: false })).kind === 'missing') mode = source.mode;
    const plan = await ensureContent(ctx, {
      dest,
      content: source.content,
      mode,
      owner: a.owner,
      group: a.group,
      attributes: a.attributes,
      reportOwner: true,
      backup: a.backup,
      validate: a.validate,
      force: a.force,
      follow: a.follow,
    });
    const result = { ...plan.result };
    if (a.src !== undefined) result['src'] = a.src;
    // Ansible reports the md5 of what it wrote (when it wrote it)
    if (plan.written) result['md5sum'] = createHash('md5').update(source.content).digest('hex');
    // an unchanged file is reported with its path too, as Ansible's file attributes do
    else result['path'] = result['dest'];
    return { ...plan, result };
  },
});

async function readSource(ctx: ModuleContext, src: string, remote: boolean, decrypt: boolean): Promise<{ content: Buffer; mode: number | undefined }> {
  if (src === '') throw new ModuleError('src cannot be empty');
  if (remote) {
    const st = await ctx.stat(src, { checksum: false, follow: true });
    if (st.kind === 'missing') throw new ModuleError(`Source ${src} not found`, { src });
    if (st.kind === 'directory') throw new ModuleError(`copying the directory ${src} with remote_src is not supported yet`, { src });
    const content = await ctx.readFile(src);
    if (content === null) throw new ModuleError(`Source ${src} not found`, { src });
    return { content, mode: st.mode };
  }
  if (src.endsWith('/')) throw new ModuleError(`copying the directory ${src} is not supported yet`, { src });
  const local = await ctx.findLocal('files', src);
  try {
    const content = await ctx.readLocal(local);
    // a vault-encrypted src is written decrypted (decrypt: true, Ansible's default)
    if (decrypt && content.subarray(0, 14).toString('latin1') === '$ANSIBLE_VAULT') return { content: Buffer.from(maybeDecodeVaultFile(content.toString('utf8'), local).text, 'utf8'), mode: undefined };
    return { content, mode: undefined };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new ModuleError(`copying the directory ${src} is not supported yet`, { src });
    throw err;
  }
}

/** dest ending in "/" or naming an existing directory means dest/basename(src). */
async function finalDest(ctx: ModuleContext, dest: string, src: string | undefined, inline: boolean): Promise<string> {
  if (src !== undefined && dest.endsWith('/')) return dest + posix.basename(src);
  const st = await ctx.stat(dest, { checksum: false, follow: true });
  if (st.kind !== 'directory') return dest;
  if (inline || src === undefined) throw new ModuleError('can not use content with a dir as dest', { dest });
  return posix.join(dest, posix.basename(src));
}
