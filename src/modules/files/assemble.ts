/**
 * assemble: concatenate the files of a directory (on the target, or on the controller with
 * remote_src: false) in name order into one file, as Ansible's assemble does, and write it
 * through the one content path (checksums, backup, validate, mode/owner).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { decodeEscapes } from '../../util/ansible-args.js';
import { abool, astr } from '../schema.js';
import { defineModule, type ModuleContext } from '../types.js';
import { fileAttributeArgs } from './common-args.js';
import { ensureContent } from './ensure-content.js';
import { compilePythonRegex } from './python-regex.js';

const { mode, owner, group } = fileAttributeArgs;
const args = z.strictObject({
  src: astr(),
  dest: astr(),
  backup: abool().default(false),
  delimiter: astr().optional(),
  remote_src: abool().default(true),
  regexp: astr().optional(),
  ignore_hidden: abool().default(false),
  validate: astr().optional(),
  mode,
  owner,
  group,
});

type Fragment = { name: string; content: Buffer };

/** The regular files of a target directory with their content: "<size> <name>\n<bytes>" each. */
async function remoteFragments(ctx: ModuleContext, dir: string): Promise<Fragment[]> {
  const res = await ctx.probe(sh`d=${dir}; [ -d "$d" ] || { echo "Source ($d) is not a directory" >&2; exit 2; }; for f in "$d"/* "$d"/.*; do [ -f "$f" ] || continue; printf '%s %s\\n' "$(wc -c < "$f" | tr -d ' ')" "\${f##*/}"; cat "$f"; done`, {
    offline: { rc: 0, stdout: '' },
  });
  if (res.rc !== 0) throw new ModuleError(res.stderr.trim() || `cannot read ${dir}`, {});
  const out: Fragment[] = [];
  const buf = res.stdoutBytes;
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    const header = buf.subarray(at, nl).toString('utf8');
    const space = header.indexOf(' ');
    const size = Number(header.slice(0, space));
    out.push({ name: header.slice(space + 1), content: buf.subarray(nl + 1, nl + 1 + size) });
    at = nl + 1 + size;
  }
  return out;
}

async function localFragments(dir: string): Promise<Fragment[]> {
  const out: Fragment[] = [];
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    if ((await stat(p)).isFile()) out.push({ name, content: await readFile(p) });
  }
  return out;
}

/** Ansible's assemble_from_fragments: sorted names, delimiter between, newline after a fragment without one. */
export function assembleFragments(fragments: readonly Fragment[], opts: { delimiter?: string | undefined; regexp?: string | undefined; ignoreHidden: boolean }): Buffer {
  const re = opts.regexp === undefined ? undefined : compilePythonRegex(opts.regexp);
  const delimiter = opts.delimiter ? Buffer.from(decodeEscapes(opts.delimiter), 'utf8') : undefined;
  const parts: Buffer[] = [];
  let first = true;
  let addNewline = false;
  for (const f of [...fragments].sort((x, y) => Buffer.compare(Buffer.from(x.name), Buffer.from(y.name)))) {
    if (re) {
      re.lastIndex = 0;
      if (!re.test(f.name)) continue;
    }
    if (opts.ignoreHidden && f.name.startsWith('.')) continue;
    if (addNewline) parts.push(Buffer.from('\n'));
    if (!first && delimiter) {
      parts.push(delimiter);
      if (delimiter[delimiter.length - 1] !== 10) parts.push(Buffer.from('\n'));
    }
    parts.push(f.content);
    first = false;
    addNewline = !f.content.subarray(-1).equals(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

export const assemble = defineModule({
  name: 'assemble',
  description: 'Assemble configuration files from fragments',
  args,
  diff: 'file content',
  async plan(a, ctx) {
    const fragments = a.remote_src ? await remoteFragments(ctx, a.src) : await localFragments(await ctx.findLocal('files', a.src));
    const content = assembleFragments(fragments, { delimiter: a.delimiter, regexp: a.regexp, ignoreHidden: a.ignore_hidden });
    const plan = await ensureContent(ctx, { dest: a.dest, content, backup: a.backup, validate: a.validate, mode: a.mode, owner: a.owner, group: a.group });
    return { ...plan, result: { ...plan.result, src: a.src } };
  },
});
