/**
 * wait_for: poll on the target until a port answers (or stops answering) or a file appears
 * (or disappears, or contains a pattern). Only reads, so it runs the same in check mode.
 * The port test is portable: bash's /dev/tcp when bash exists, else nc -z, else a LISTEN
 * socket in /proc/net/tcp{,6}.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { rawCommand, sh, type ShellCommand } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { compilePythonRegex } from '../files/python-regex.js';
import { aint, astr } from '../schema.js';
import { defineModule, type ModuleContext } from '../types.js';

const seconds = () => z.preprocess((v) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v), z.number().min(0));

const args = z.strictObject({
  host: astr().default('127.0.0.1'),
  port: aint().optional(),
  path: astr().optional(),
  state: z.enum(['started', 'stopped', 'present', 'absent']).default('started'),
  search_regex: astr().optional(),
  timeout: seconds().default(300),
  delay: seconds().default(0),
  sleep: seconds().default(1),
  connect_timeout: aint().default(5),
  msg: astr().optional(),
});

type Args = z.output<typeof args>;

const PORT_SCRIPT = `
if command -v bash >/dev/null 2>&1; then
  if command -v timeout >/dev/null 2>&1; then T="timeout $ct"; else T=; fi
  if $T bash -c 'cat < /dev/null > "/dev/tcp/$0/$1"' "$h" "$p" 2>/dev/null; then echo open; else echo closed; fi
elif command -v nc >/dev/null 2>&1; then
  if nc -z -w "$ct" "$h" "$p" >/dev/null 2>&1; then echo open; else echo closed; fi
else
  hex=$(printf '%04X' "$p")
  if awk -v port=":$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == port { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then echo open; else echo closed; fi
fi`;

/** A banner read (for search_regex on a port) needs a real connection: bash's /dev/tcp. */
const BANNER_SCRIPT = `
if command -v timeout >/dev/null 2>&1; then T="timeout $ct"; else T=; fi
$T bash -c 'exec 3<>"/dev/tcp/$0/$1" && { head -c 65536 <&3 & p=$!; sleep 1; kill $p 2>/dev/null; wait $p 2>/dev/null; }' "$h" "$p" 2>/dev/null
true`;

function portProbe(a: Args, banner: boolean): ShellCommand {
  return sh`h=${a.host}; p=${String(a.port ?? 0)}; ct=${String(a.connect_timeout)}`.concat(rawCommand(banner ? BANNER_SCRIPT : PORT_SCRIPT));
}

function pathProbe(path: string, read: boolean): ShellCommand {
  return read ? sh`p=${path}; if [ -e "$p" ]; then echo present; cat -- "$p" 2>/dev/null; else echo absent; fi` : sh`if [ -e ${path} ]; then echo present; else echo absent; fi`;
}

interface Observation {
  done: boolean;
  match?: RegExpExecArray | null | undefined;
}

async function observe(a: Args, ctx: ModuleContext, re: RegExp | undefined): Promise<Observation> {
  if (a.path !== undefined) {
    const res = await ctx.probe(pathProbe(a.path, re !== undefined), { offline: { rc: 0 } });
    const nl = res.stdout.indexOf('\n');
    const present = (nl < 0 ? res.stdout : res.stdout.slice(0, nl)).trim() === 'present';
    if (a.state === 'absent') return { done: !present };
    if (!present) return { done: false };
    if (!re) return { done: true };
    const match = re.exec(nl < 0 ? '' : res.stdout.slice(nl + 1));
    return { done: match !== null, match };
  }
  if (re && a.state === 'started') {
    const res = await ctx.probe(portProbe(a, true), { offline: { rc: 0 } });
    const match = re.exec(res.stdout);
    return { done: match !== null, match };
  }
  const res = await ctx.probe(portProbe(a, false), { offline: { rc: 0 } });
  const open = res.stdout.trim() === 'open';
  return { done: a.state === 'stopped' ? !open : open };
}

export const waitFor = defineModule({
  name: 'wait_for',
  description: 'Wait on the target for a port or a file to reach a state',
  checkMode: 'read-only: waits as usual',
  args,
  async plan(a, ctx) {
    if (a.port !== undefined && a.path !== undefined) throw new ModuleError('port and path parameter can not both be passed to wait_for');
    if (a.path !== undefined && a.state === 'stopped') throw new ModuleError('state=stopped should only be used for checking a port in the wait_for module');
    if (a.port !== undefined && a.state === 'absent') throw new ModuleError('state=absent should only be used for checking a file in the wait_for module');
    // offline nothing can be observed, and waiting out the timeout would tell nothing either
    if (ctx.offline) return { changes: [], result: { elapsed: 0, state: a.state }, msg: 'not waited for: an offline run observes nothing' };
    const start = Date.now();
    if (a.delay > 0) await sleep(a.delay * 1000);
    const re = a.search_regex === undefined ? undefined : compilePythonRegex(a.search_regex, 'm');
    if (a.port === undefined && a.path === undefined) {
      await sleep(a.timeout * 1000);
      return { changes: [], result: { elapsed: Math.round((Date.now() - start) / 1000), state: a.state } };
    }
    const deadline = start + (a.delay + a.timeout) * 1000;
    for (;;) {
      const seen = await observe(a, ctx, re);
      if (seen.done) {
        const result: Record<string, unknown> = { elapsed: Math.round((Date.now() - start) / 1000), state: a.state };
        if (a.port !== undefined) result['port'] = a.port;
        if (a.path !== undefined) result['path'] = a.path;
        if (a.search_regex !== undefined) {
          result['search_regex'] = a.search_regex;
          result['match_groups'] = seen.match ? seen.match.slice(1) : [];
          result['match_groupdict'] = seen.match?.groups ? { ...seen.match.groups } : {};
        }
        return { changes: [], result };
      }
      if (Date.now() + a.sleep * 1000 > deadline) break;
      await sleep(a.sleep * 1000);
    }
    const elapsed = Math.round((Date.now() - start) / 1000);
    const what = a.path !== undefined ? `file ${a.path}` : `${a.host}:${a.port ?? ''}`;
    const why = a.search_regex !== undefined ? ` to contain ${a.search_regex}` : a.state === 'stopped' || a.state === 'absent' ? ` to be ${a.state}` : '';
    throw new ModuleError(a.msg ?? `Timeout when waiting for ${what}${why}`, { elapsed });
  },
});
