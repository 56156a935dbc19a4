/** ini_file: one option (or a repeated option's values) in an INI-style file; Asterisk-aware. */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, alist, astr } from '../schema.js';
import { onlyBoolean } from '../refused.js';
import { defineModule } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs, pathAliases, pathArgs } from './common-args.js';
import { ensureContent, resolveLinks } from './ensure-content.js';
import { editIni } from './ini-file-edit.js';

const args = z.strictObject({
  ...pathArgs,
  section: astr().nullable().optional(),
  option: astr().optional(),
  value: astr().optional(),
  values: alist().optional(),
  state: z.enum(['present', 'absent']).default('present'),
  exclusive: abool().default(true),
  no_extra_spaces: abool().default(false),
  allow_no_value: abool().default(false),
  modify_inactive_option: abool().default(true),
  ignore_spaces: onlyBoolean(false, 'ignore_spaces: true is not supported: a value that differs only in spaces is rewritten'),
  create: abool().default(true),
  backup: abool().default(false),
  follow: onlyBoolean(false, 'follow: true is not supported by ini_file: a symlinked file is replaced by a regular one'),
  ...fileAttributeArgs,
});

export const iniFile = defineModule({
  name: 'ini_file',
  description: 'Manage an option (or the values of a repeated option) in an INI-style file, Asterisk .conf files included',
  diff: 'file content',
  args,
  aliases: { ...pathAliases, ...fileAttributeAliases },
  constraints: { mutuallyExclusive: [['value', 'values']] },
  remotePaths: { args: ['path'], content: true },
  async plan(a, ctx) {
    const dest = a.path;
    const { path: real, state } = await resolveLinks(ctx, dest);
    if (state.kind === 'directory') throw new ModuleError(`Destination ${dest} is a directory !`);
    if (state.kind === 'missing' && !a.create) throw new ModuleError(`Destination ${dest} does not exist !`, { rc: 257 });
    if (state.kind === 'missing' && a.state === 'absent') return { changes: [], msg: 'OK', result: { path: dest, state: 'absent' } };
    const current = state.kind === 'missing' ? null : await ctx.readFile(real);
    const text = (current ?? Buffer.alloc(0)).toString('utf8');
    const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
    const values = a.values ?? (a.value === undefined ? undefined : [a.value]);
    if (a.state === 'present' && a.option !== undefined && values === undefined && !a.allow_no_value) {
      throw new ModuleError('a value (or values) is required with state=present and an option, unless allow_no_value is true');
    }
    const edit = editIni(lines, {
      section: a.section ?? undefined,
      option: a.option,
      values,
      state: a.state,
      exclusive: a.exclusive,
      noExtraSpaces: a.no_extra_spaces,
      allowNoValue: a.allow_no_value,
      modifyInactive: a.modify_inactive_option,
    });
    if (!edit.changed && current === null) return { changes: [], msg: 'OK' };
    const content = edit.changed ? Buffer.from(edit.lines.length ? edit.lines.join('\n') + '\n' : '') : (current ?? Buffer.alloc(0));
    const { written: _w, attributesChanged, ...plan } = await ensureContent(ctx, {
      dest: real,
      content,
      current,
      mode: a.mode,
      owner: a.owner,
      group: a.group,
      attributes: a.attributes,
      backup: a.backup,
      makeParents: a.create,
    });
    const msg = attributesChanged && !edit.changed ? 'ownership, perms or SE linux context changed' : edit.msg;
    return { ...plan, msg, result: { path: dest, state: a.state, backup_file: plan.result?.['backup_file'] } };
  },
});
