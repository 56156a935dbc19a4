/** lineinfile: make sure one line is (or is not) in a file; edit computed on the controller. */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs, pathAliases, pathArgs } from './common-args.js';
import { ensureContent, resolveLinks } from './ensure-content.js';
import { absent, present, readLines, type LineEdit } from './lineinfile-edit.js';
import { compilePythonRegex } from './python-regex.js';

const args = z.strictObject({
  ...pathArgs,
  state: z.enum(['present', 'absent']).default('present'),
  regexp: astr().optional(),
  search_string: astr().optional(),
  line: astr().optional(),
  insertafter: astr().optional(),
  insertbefore: astr().optional(),
  backrefs: abool().default(false),
  create: abool().default(false),
  backup: abool().default(false),
  firstmatch: abool().default(false),
  validate: astr().optional(),
  ...fileAttributeArgs,
});

export const lineinfile = defineModule({
  name: 'lineinfile',
  description: 'Ensure a particular line is in a file, or replace an existing line using a regular expression',
  diff: 'file content',
  args,
  aliases: { ...pathAliases, ...fileAttributeAliases, regexp: ['regex'], line: ['value'] },
  constraints: {
    mutuallyExclusive: [['insertbefore', 'insertafter'], ['regexp', 'search_string'], ['backrefs', 'search_string']],
    requiredIf: [
      { name: 'state', is: 'present', require: ['line'], message: 'line is required with state=present' },
      { name: 'state', is: 'absent', require: ['line', 'search_string', 'regexp'], anyOf: true, message: 'one of line, search_string, or regexp is required with state=absent' },
    ],
  },
  remotePaths: { args: ['path'], content: true },
  async plan(a, ctx) {
    const dest = a.path;
    const regexpSrc = a.regexp;
    const line = a.line;
    if (regexpSrc === '' || a.search_string === '') {
      const what = regexpSrc === '' ? 'regular expression' : 'search string';
      ctx.warn(`The ${what} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.`);
    }

    const { path: real, state } = await resolveLinks(ctx, dest);
    if (state.kind === 'directory') throw new ModuleError(`Path ${dest} is a directory !`, { rc: 256 });
    const regexp = regexpSrc === undefined ? undefined : compilePythonRegex(regexpSrc);

    let edit: LineEdit;
    let current: Buffer | null = null;
    if (a.state === 'present') {
      // Ansible checks this one only when adding lines: it is no required_if of the spec
      if (a.backrefs && regexpSrc === undefined) throw new ModuleError('regexp is required with backrefs=true');
      if (state.kind === 'missing' && !a.create) throw new ModuleError(`Destination ${dest} does not exist !`, { rc: 257 });
      current = state.kind === 'missing' ? null : await ctx.readFile(real);
      const insertafter = a.insertafter === undefined && a.insertbefore === undefined ? 'EOF' : a.insertafter;
      const anchorSrc = insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF' ? insertafter : a.insertbefore !== undefined && a.insertbefore !== 'BOF' ? a.insertbefore : undefined;
      edit = present(readLines(current ?? Buffer.alloc(0)), {
        regexp,
        searchString: a.search_string,
        line: line ?? '', // required_if: state=present always has a line
        insertafter,
        insertbefore: a.insertbefore,
        anchor: anchorSrc === undefined ? undefined : compilePythonRegex(anchorSrc),
        backrefs: a.backrefs,
        firstmatch: a.firstmatch,
      });
    } else {
      if (state.kind === 'missing') return { changes: [], msg: 'file not present', result: { found: 0 } };
      current = await ctx.readFile(real);
      edit = absent(readLines(current ?? Buffer.alloc(0)), { regexp, searchString: a.search_string, line });
    }

    // An unchanged text still goes through ensureContent for mode/owner; a missing file that
    // needs no line (backrefs without a match) is not created, as in Ansible.
    if (!edit.changed && current === null) return { changes: [], msg: '', result: { backup: '' } };
    const { written: _w, attributesChanged, ...plan } = await ensureContent(ctx, {
      dest: real,
      content: edit.changed ? Buffer.concat(edit.lines) : (current ?? Buffer.alloc(0)),
      current,
      mode: a.mode,
      owner: a.owner,
      group: a.group,
      attributes: a.attributes,
      backup: a.backup,
      validate: a.validate,
      makeParents: a.create,
    });
    const msg = [edit.msg, attributesChanged ? 'ownership, perms or SE linux context changed' : ''].filter(Boolean).join(' and ');
    const result: Record<string, unknown> = { backup: plan.result?.['backup_file'] ?? '' };
    if (edit.found !== undefined) result['found'] = edit.found;
    return { ...plan, msg, result };
  },
});
