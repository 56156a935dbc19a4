/** known_hosts: add or remove a host's key in an OpenSSH known_hosts file. */
import { onlyBoolean } from '../refused.js';
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';
import { ensureContent } from './ensure-content.js';
import { hostMatches, joinLines, parseKnownHost, splitLines } from './ssh-key-lines.js';

const args = z.strictObject({
  name: astr(),
  key: astr().optional(),
  path: astr().default('~/.ssh/known_hosts'),
  /** Hashed names need ssh-keygen's HMAC; play writes names as given and refuses hashing. */
  hash_host: onlyBoolean(false, 'hash_host: true is not supported: play writes host names unhashed'),
  state: z.enum(['present', 'absent']).default('present'),
});

export const knownHosts = defineModule({
  name: 'known_hosts',
  description: "Add or remove a host from the known_hosts file",
  args,
  aliases: { name: ['host'] },
  diff: 'file content',
  async plan(a, ctx) {
    const name = a.name.toLowerCase();
    let path = a.path;
    if (path.startsWith('~/')) {
      const home = (await ctx.probe(sh`printf '%s' "$HOME"`, { offline: { rc: 0, stdout: '/root' } })).stdout;
      path = `${home}${path.slice(1)}`;
    }
    const key = a.key === undefined ? undefined : parseKnownHost(a.key);
    if (a.state === 'present' && !key) throw new ModuleError('state=present needs key: "<host> <type> <base64 key>"', { name: a.name });
    if (key && !hostMatches(key.lead.toLowerCase(), name)) throw new ModuleError('Host parameter does not match hashed host field in supplied key', { name: a.name });
    const current = (await ctx.readFile(path)) ?? null;
    const lines = current === null ? [] : splitLines(current.toString('utf8'));
    const same = (l: string) => {
      const k = parseKnownHost(l);
      return k !== undefined && hostMatches(k.lead.toLowerCase(), name);
    };
    let next: string[];
    if (a.state === 'absent') next = lines.filter((l) => !same(l));
    else {
      const k = key as NonNullable<typeof key>;
      const exact = lines.some((l) => same(l) && parseKnownHost(l)?.type === k.type && parseKnownHost(l)?.blob === k.blob);
      next = exact ? lines : [...lines.filter((l) => !(same(l) && parseKnownHost(l)?.type === k.type)), (a.key as string).trim()];
    }
    const result = { hash_host: false, key: a.key ?? null, name, path, state: a.state };
    if (joinLines(next) === joinLines(lines) && (current !== null || a.state === 'absent')) return { changes: [], result };
    const plan = await ensureContent(ctx, { dest: path, content: Buffer.from(joinLines(next)), current, makeParents: true, mode: current === null ? 0o600 : undefined });
    return { ...plan, result };
  },
});
