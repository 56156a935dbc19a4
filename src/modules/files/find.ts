/**
 * find: files under paths that match patterns, age, size and type, with Ansible's per-file
 * stat fields. One `find … -exec stat` per run on the target; the filters apply here.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { rawCommand, sh, type ShellCommand } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { abool, aint, alist, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { ageMatches, nameFilter, parseAge, parseSize, sizeMatches } from './find-filters.js';
import { parseStatLine, STAT_LINE, statFields, type StatLine } from './stat-line.js';

const args = z.strictObject({
  paths: alist(),
  patterns: alist().default([]),
  excludes: alist().default([]),
  use_regex: abool().default(false),
  file_type: z.enum(['any', 'directory', 'file', 'link']).default('file'),
  recurse: abool().default(false),
  depth: aint().optional(),
  hidden: abool().default(false),
  follow: abool().default(false),
  age: astr().optional(),
  age_stamp: z.enum(['atime', 'ctime', 'mtime']).default('mtime'),
  size: astr().optional(),
});

function listCommand(paths: readonly string[], maxDepth: number | undefined, follow: boolean): ShellCommand {
  const depth = rawCommand(maxDepth === undefined ? '' : `-maxdepth ${maxDepth} `);
  const L = rawCommand(follow ? '-L ' : '');
  return paths.reduce(
    (acc, p) => acc.concat(sh`p=${p}; if [ -d "$p" ]; then echo "#dir"; find ${L}"$p" -mindepth 1 ${depth}-exec stat -c ${STAT_LINE} {} + 2>/dev/null; else echo "#notdir"; fi; `),
    sh``,
  );
}

/** The probe's answer: per path, its entries, or undefined when it is not a directory. */
function parseListing(stdout: string): (StatLine[] | undefined)[] {
  const out: (StatLine[] | undefined)[] = [];
  for (const line of stdout.split('\n')) {
    if (line === '#dir') out.push([]);
    else if (line === '#notdir') out.push(undefined);
    else if (line !== '') out[out.length - 1]?.push(parseStatLine(line));
  }
  return out;
}

export const find = defineModule({
  name: 'find',
  description: 'Return a list of files based on specific criteria',
  checkMode: 'read-only: runs as usual',
  args,
  aliases: { paths: ['name', 'path'], patterns: ['pattern'], excludes: ['exclude'] },
  async plan(a, ctx) {
    const age = a.age === undefined ? undefined : parseAge(a.age);
    if (a.age !== undefined && age === undefined) throw new ModuleError('failed to process age', { age: a.age });
    const size = a.size === undefined ? undefined : parseSize(a.size);
    if (a.size !== undefined && size === undefined) throw new ModuleError('failed to process size', { size: a.size });
    const maxDepth = a.recurse ? a.depth : 1;
    const res = await ctx.probe(listCommand(a.paths, maxDepth, a.follow), { offline: { rc: 0, stdout: a.paths.map(() => '#dir\n').join('') } });
    if (res.rc !== 0) throw new ModuleError(`find failed: ${res.stderr.trim()}`, {});
    const names = nameFilter(a.patterns, a.excludes, a.use_regex);
    const now = Date.now() / 1000;
    const files: Record<string, unknown>[] = [];
    const skipped: Record<string, string> = {};
    let examined = 0;
    parseListing(res.stdout).forEach((entries, i) => {
      const root = a.paths[i] ?? '';
      if (entries === undefined) {
        skipped[root] = `'${root}' is not a directory`;
        return;
      }
      examined += entries.length;
      for (const e of entries) {
        const base = posix.basename(e.path);
        if (base.startsWith('.') && !a.hidden) continue;
        const type = e.type;
        const wanted = a.file_type === 'any' || (a.file_type === 'directory' && type === 'directory') || (a.file_type === 'file' && type === 'file') || (a.file_type === 'link' && type === 'link');
        if (!wanted || !names(base) || !ageMatches(e[a.age_stamp], now, age)) continue;
        if (type === 'file' && !sizeMatches(e.size, size)) continue;
        files.push({ path: posix.normalize(e.path), ...statFields(e) });
      }
    });
    const msg = Object.keys(skipped).length ? 'Not all paths examined, check warnings for details' : 'All paths examined';
    return { changes: [], msg, result: { files, matched: files.length, examined, skipped_paths: skipped } };
  },
});
