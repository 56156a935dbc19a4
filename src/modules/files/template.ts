/** template: render a controller template with the task's variables and put it at dest. */
import { createHash } from 'node:crypto';
import { onlyString } from '../refused.js';
import { z } from 'zod';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs } from './common-args.js';
import { ensureContent } from './ensure-content.js';

const args = z.strictObject({
  src: astr(),
  dest: astr(),
  backup: abool().default(false),
  force: abool().default(true),
  validate: astr().optional(),
  follow: abool().default(false),
  /** Accepted for compatibility; output is always written as UTF-8 with the template's newlines. */
  output_encoding: onlyString('utf-8', 'output_encoding: play writes templates as UTF-8', 'latin-1'),
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
    const text = await ctx.renderTemplate(path);
    const plan = await ensureContent(ctx, {
      dest: a.dest,
      content: Buffer.from(text, 'utf8'),
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
    const md5sum = plan.written ? { md5sum: createHash('md5').update(text, 'utf8').digest('hex') } : {};
    return { ...plan, result: { ...plan.result, ...md5sum, src: a.src } };
  },
});
