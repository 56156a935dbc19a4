/**
 * authorized_key (ansible.posix): add or remove SSH keys in a user's authorized_keys, the file
 * 0600 and ~/.ssh 0700, both owned by the user.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule, type Change } from '../types.js';
import { planAttributes } from './attributes.js';
import { ensureContent } from './ensure-content.js';
import { joinLines, parseAuthorizedKey, splitLines, type KeyLine } from './ssh-key-lines.js';

const args = z.strictObject({
  user: astr(),
  key: astr(),
  path: astr().optional(),
  manage_dir: abool().default(true),
  state: z.enum(['present', 'absent']).default('present'),
  exclusive: abool().default(false),
});

const sameKey = (x: KeyLine | undefined, y: KeyLine): boolean => x !== undefined && x.type === y.type && x.blob === y.blob;

export const authorizedKey = defineModule({
  name: 'authorized_key',
  description: 'Adds or removes an SSH authorized key (ansible.posix)',
  args,
  diff: 'file content',
  async plan(a, ctx) {
    const pw = await ctx.probe(sh`getent passwd ${a.user} || grep "^$(printf '%s' ${a.user}):" /etc/passwd`, { offline: { rc: 0, stdout: `${a.user}:x:0:0::/root:/bin/sh\n` } });
    const entry = pw.stdout.split('\n')[0]?.split(':');
    if (pw.rc !== 0 || !entry || entry.length < 6) throw new ModuleError(`Failed to lookup user ${a.user}: no such user`, { user: a.user });
    const [, , , gid = '', , home = ''] = entry;
    const path = a.path ?? posix.join(home, '.ssh', 'authorized_keys');
    const wanted = splitLines(a.key).map((l) => ({ line: l.trim(), key: parseAuthorizedKey(l) })).filter((k) => k.line !== '');
    const bad = wanted.find((k) => k.key === undefined);
    if (bad) throw new ModuleError(`invalid key specified: ${bad.line}`, { user: a.user, key: a.key });
    const keys = wanted.map((k) => k.key as KeyLine);
    const current = await ctx.readFile(path);
    const lines = current === null ? [] : splitLines(current.toString('utf8'));
    let next: string[];
    if (a.state === 'absent') next = lines.filter((l) => !keys.some((k) => sameKey(parseAuthorizedKey(l), k)));
    else if (a.exclusive) next = wanted.map((k) => k.line);
    else {
      next = [...lines];
      for (const w of wanted) {
        const i = next.findIndex((l) => sameKey(parseAuthorizedKey(l), w.key as KeyLine));
        if (i === -1) next.push(w.line);
        else if (next[i] !== w.line) next[i] = w.line; // new options or comment for the same key
      }
    }
    const result = { user: a.user, key: a.key, path, state: a.state, exclusive: a.exclusive, manage_dir: a.manage_dir, keyfile: path };
    if (a.state === 'absent' && current === null) return { changes: [], result };
    const changes: Change[] = [];
    const dir = posix.dirname(path);
    if (a.manage_dir && a.path === undefined) {
      const st = await ctx.stat(dir, { checksum: false });
      if (st.kind === 'missing') changes.push({ describe: `create directory ${dir}`, apply: { kind: 'exec', command: sh`mkdir -m 0700 -- ${dir} && chown -- ${`${a.user}:${gid}`} ${dir}` } });
      else if (st.kind === 'directory') changes.push(...planAttributes(dir, st, { mode: 0o700, owner: a.user, group: gid }).changes);
    }
    const plan = await ensureContent(ctx, { dest: path, content: Buffer.from(joinLines(next)), current, mode: 0o600, owner: a.user, group: gid });
    return { ...plan, changes: [...changes, ...plan.changes], result };
  },
});
