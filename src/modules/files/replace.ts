/** replace: replace every match of a regular expression in a file (optionally between after/before). */
import { onlyString } from '../refused.js';
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs, pathAliases, pathArgs } from './common-args.js';
import { ensureContent, isUtf8, resolveLinks } from './ensure-content.js';
import { compilePythonRegex, expandPythonTemplate } from './python-regex.js';

const args = z.strictObject({
  ...pathArgs,
  regexp: astr(),
  replace: astr().default(''),
  after: astr().optional(),
  before: astr().optional(),
  backup: abool().default(false),
  validate: astr().optional(),
  encoding: onlyString(['utf-8', 'utf8'], 'encoding: play edits files as UTF-8 (latin-1 when not valid UTF-8)', 'latin-1'),
  ...fileAttributeArgs,
});

/** Python's re.subn(pattern, template, text) with a MULTILINE pattern. */
export function substitute(text: string, pattern: RegExp, template: string): { text: string; count: number } {
  let out = '';
  let last = 0;
  let count = 0;
  for (const m of text.matchAll(pattern)) {
    out += text.slice(last, m.index) + expandPythonTemplate(template, m);
    last = m.index + m[0].length;
    count++;
  }
  return { text: out + text.slice(last), count };
}

export const replace = defineModule({
  name: 'replace',
  description: 'Replace all instances of a pattern within a file',
  diff: 'file content',
  args,
  aliases: { ...pathAliases, ...fileAttributeAliases },
  remotePaths: { args: ['path'], content: true },
  async plan(a, ctx) {
    const path = a.path;
    const { path: real, state } = await resolveLinks(ctx, path);
    if (state.kind === 'directory') throw new ModuleError(`Path ${path} is a directory !`, { rc: 256 });
    if (state.kind === 'missing') throw new ModuleError(`Path ${path} does not exist !`, { rc: 257 });
    const bytes = (await ctx.readFile(real)) ?? Buffer.alloc(0);
    // Text that is not UTF-8 is handled as Latin-1 so untouched bytes survive exactly.
    const encoding: BufferEncoding = isUtf8(bytes) ? 'utf8' : 'latin1';
    const contents = bytes.toString(encoding);

    let sectionPattern = '';
    if (a.after && a.before) sectionPattern = `${a.after}(?P<subsection>.*?)${a.before}`;
    else if (a.after) sectionPattern = `${a.after}(?P<subsection>.*)`;
    else if (a.before) sectionPattern = `(?P<subsection>.*)${a.before}`;

    let start = 0;
    let end = contents.length;
    if (sectionPattern) {
      const m = compilePythonRegex(sectionPattern, 'sd').exec(contents);
      const span = m?.indices?.groups?.['subsection'];
      if (!span) {
        return { changes: [], msg: `Pattern for before/after params did not match the given file: ${sectionPattern}`, result: { rc: 0 } };
      }
      [start, end] = span;
    }
    const section = contents.slice(start, end);
    const sub = substitute(section, compilePythonRegex(a.regexp, 'gm'), a.replace);
    const changed = sub.count > 0 && sub.text !== section;
    const newText = contents.slice(0, start) + sub.text + contents.slice(end);
    const plan = await ensureContent(ctx, {
      dest: real,
      content: changed ? Buffer.from(newText, encoding) : bytes,
      current: bytes,
      mode: a.mode,
      owner: a.owner,
      group: a.group,
      attributes: a.attributes,
      backup: a.backup,
      validate: a.validate,
    });
    const msg = [changed ? `${sub.count} replacements made` : '', plan.attributesChanged ? 'ownership, perms or SE linux context changed' : ''].filter(Boolean).join(' and ');
    const result: Record<string, unknown> = { rc: 0 };
    if (plan.result?.['backup_file'] !== undefined) result['backup_file'] = plan.result['backup_file'];
    return { changes: plan.changes, diffs: plan.diffs, msg, result };
  },
});
