/** template: render a controller template with the task's variables and put it at dest. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs } from './common-args.js';
import { ensureContent } from './ensure-content.js';
import { encodeOutput, OUTPUT_ENCODINGS } from './output-encoding.js';

/** The newline sequences Ansible accepts, also written escaped ('\n' as backslash-n). */
const NEWLINES: ReadonlyMap<string, string> = new Map([
  ['\n', '\n'], ['\r', '\r'], ['\r\n', '\r\n'], ['\\n', '\n'], ['\\r', '\r'], ['\\r\\n', '\r\n'],
]);

const args = z.strictObject({
  src: astr(),
  dest: astr(),
  backup: abool().default(false),
  force: abool().default(true),
  validate: astr().optional(),
  follow: abool().default(false),
  /** Jinja2's settings for this template (Ansible's defaults: trim_blocks on, lstrip_blocks off). */
  trim_blocks: abool().default(true),
  lstrip_blocks: abool().default(false),
  block_start_string: astr().optional(),
  block_end_string: astr().optional(),
  variable_start_string: astr().optional(),
  variable_end_string: astr().optional(),
  comment_start_string: astr().optional(),
  comment_end_string: astr().optional(),
  newline_sequence: astr()
    .default('\n')
    .refine((v) => NEWLINES.has(v), { message: 'newline_sequence needs to be one of: \n, \r or \r\n' })
    .transform((v) => NEWLINES.get(v) ?? '\n'),
  /** The file's encoding: `${OUTPUT_ENCODINGS}`; others are refused when the task runs. */
  output_encoding: astr().default('utf-8').describe(`one of ${OUTPUT_ENCODINGS}`),
  ...fileAttributeArgs,
});

export const template = defineModule({
  name: 'template',
  description: 'Render a template on the controller and write the result to the target',
  diff: 'file content',
  args,
  aliases: fileAttributeAliases,
  remotePaths: { args: ['dest'] },
  async plan(a, ctx) {
    const path = await ctx.findLocal('templates', a.src);
    const text = await ctx.renderTemplate(path, {
      trimBlocks: a.trim_blocks,
      lstripBlocks: a.lstrip_blocks,
      blockStart: a.block_start_string,
      blockEnd: a.block_end_string,
      variableStart: a.variable_start_string,
      variableEnd: a.variable_end_string,
      commentStart: a.comment_start_string,
      commentEnd: a.comment_end_string,
      newline: a.newline_sequence,
    });
    const content = encodeOutput(text, a.output_encoding === '' ? 'utf-8' : a.output_encoding);
    const plan = await ensureContent(ctx, {
      dest: a.dest,
      content,
      mode: a.mode,
      owner: a.owner,
      group: a.group,
      attributes: a.attributes,
      reportOwner: true,
      backup: a.backup,
      validate: a.validate,
      force: a.force,
      follow: a.follow,
    });
    // Ansible's template is its copy: the md5 of what it wrote, when it wrote it
    const md5sum = plan.written ? { md5sum: createHash('md5').update(content).digest('hex') } : {};
    return { ...plan, result: { ...plan.result, ...md5sum, src: a.src } };
  },
});
