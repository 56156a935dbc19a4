/** blockinfile: a block of lines between marker lines, inserted, updated or removed. */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { fileAttributeAliases, fileAttributeArgs, pathAliases, pathArgs } from './common-args.js';
import { ensureContent, isUtf8, resolveLinks } from './ensure-content.js';
import { compilePythonRegex } from './python-regex.js';

const args = z.strictObject({
  ...pathArgs,
  state: z.enum(['present', 'absent']).default('present'),
  marker: astr().default('# {mark} ANSIBLE MANAGED BLOCK'),
  block: astr().optional(),
  insertafter: astr().optional(),
  insertbefore: astr().optional(),
  create: abool().default(false),
  backup: abool().default(false),
  validate: astr().optional(),
  marker_begin: astr().default('BEGIN'),
  marker_end: astr().default('END'),
  append_newline: abool().default(false),
  prepend_newline: abool().default(false),
  ...fileAttributeArgs,
});

/** Python's bytes.splitlines(keepends=True): "\r\n", "\r" and "\n" end a line. */
export function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

export const blockinfile = defineModule({
  name: 'blockinfile',
  description: 'Insert, update or remove a block of lines surrounded by marker lines',
  diff: 'file content',
  args,
  aliases: { ...pathAliases, ...fileAttributeAliases, block: ['content'] },
  constraints: { mutuallyExclusive: [['insertbefore', 'insertafter']] },
  remotePaths: { args: ['path'], content: true },
  async plan(a, ctx) {
    const path = a.path;
    const { path: real, state } = await resolveLinks(ctx, path);
    if (state.kind === 'directory') throw new ModuleError(`Path ${path} is a directory !`, { rc: 256 });
    const exists = state.kind !== 'missing';
    if (!exists && !a.create) throw new ModuleError(`Path ${path} does not exist !`, { rc: 257 });
    const present = a.state === 'present';
    if (!present && !exists) return { changes: [], msg: `File ${path} not present` };

    const originalBytes = exists ? await ctx.readFile(real) : null;
    // Kept byte-exact: text that is not UTF-8 is handled as Latin-1, which maps bytes 1:1.
    const encoding: BufferEncoding = originalBytes && !isUtf8(originalBytes) ? 'latin1' : 'utf8';
    const original = originalBytes?.toString(encoding) ?? null;
    const lines = splitLinesKeepEnds(original ?? '');

    let insertafter = a.insertafter;
    const insertbefore = a.insertbefore;
    if (insertafter === undefined && insertbefore === undefined) insertafter = 'EOF';
    const anchorSrc = insertafter !== undefined && insertafter !== 'EOF' ? insertafter : insertbefore !== undefined && insertbefore !== 'BOF' ? insertbefore : undefined;
    const anchor = anchorSrc === undefined ? undefined : compilePythonRegex(anchorSrc);

    const marker0 = a.marker.replaceAll('{mark}', a.marker_begin) + '\n';
    const marker1 = a.marker.replaceAll('{mark}', a.marker_end) + '\n';
    let block = a.block ?? '';
    let blocklines: string[] = [];
    if (present && block) {
      if (!block.endsWith('\n')) block += '\n';
      blocklines = [marker0, ...splitLinesKeepEnds(block), marker1];
    }

    let n0: number | undefined;
    let n1: number | undefined;
    lines.forEach((line, i) => {
      if (line === marker0) n0 = i;
      if (line === marker1) n1 = i;
    });
    if (n0 === undefined || n1 === undefined) {
      n0 = undefined;
      if (anchor) {
        if (anchor.multiline) {
          const m = anchor.exec(original ?? '');
          if (m) n0 = countNewlines((original ?? '').slice(0, insertafter !== undefined ? m.index + m[0].length : m.index));
        } else {
          lines.forEach((line, i) => {
            if (anchor.test(line.replace(/\n$/, ''))) n0 = i;
          });
        }
        if (n0 === undefined) n0 = lines.length;
        else if (insertafter !== undefined) n0 += 1;
      } else if (insertbefore !== undefined) n0 = 0;
      else n0 = lines.length;
    } else if (n0 < n1) {
      lines.splice(n0, n1 - n0 + 1);
    } else {
      lines.splice(n1, n0 - n1 + 1);
      n0 = n1;
    }

    if (n0 > 0 && !(lines[n0 - 1] ?? '').endsWith('\n')) lines[n0 - 1] += '\n';
    if (a.prepend_newline && present && n0 !== 0 && lines[n0 - 1] !== '\n') {
      lines.splice(n0, 0, '\n');
      n0 += 1;
    }
    lines.splice(n0, 0, ...blocklines);
    if (a.append_newline && present) {
      const after = n0 + blocklines.length;
      if (after < lines.length && lines[after] !== '\n') lines.splice(after, 0, '\n');
    }
    const result = lines.join('');

    const changed = original !== result;
    const msg = !changed ? '' : original === null ? 'File created' : blocklines.length === 0 ? 'Block removed' : 'Block inserted';
    const current = originalBytes;
    const content = changed ? Buffer.from(result, encoding) : (current ?? Buffer.alloc(0));
    const plan = await ensureContent(ctx, { dest: real, content, current, mode: a.mode, owner: a.owner, group: a.group, attributes: a.attributes, backup: a.backup, validate: a.validate, makeParents: a.create });
    const fullMsg = [msg, plan.attributesChanged ? 'ownership, perms or SE linux context changed' : ''].filter(Boolean).join(' and ');
    const out: Record<string, unknown> = {};
    if (plan.result?.['backup_file'] !== undefined) out['backup_file'] = plan.result['backup_file'];
    return { changes: plan.changes, diffs: plan.diffs, msg: fullMsg, result: out };
  },
});

function countNewlines(s: string): number {
  return s.split('\n').length - 1;
}
