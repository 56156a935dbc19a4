/** apt: Debian packages through dpkg-query (state) and apt-get (changes), noninteractive. */
import { z } from 'zod';
import { sh, type ShellCommand } from '../../connection/command.js';
import type { FileState } from '../../facts/file.js';
import { aptCandidates, debName, dpkgPackages, type PackageStates } from '../../facts/packages.js';
import { abool, aint, alist, astr } from '../schema.js';
import { defineModule, factRead, type Change, type ModuleContext } from '../types.js';
import { checkPackageNames, packageEffects, packageState, type PackageWanted } from './package-common.js';

export const aptArgs = z.strictObject({
  name: alist().optional(),
  state: packageState().default('present'),
  update_cache: abool().default(false),
  cache_valid_time: aint().default(0),
  install_recommends: abool().optional(),
  purge: abool().default(false),
  autoremove: abool().default(false),
  default_release: astr().optional(),
  dpkg_options: astr().default('force-confdef,force-confold'),
  allow_unauthenticated: abool().default(false),
  allow_downgrade: abool().default(false),
  lock_timeout: aint().optional(),
});

export type AptArgs = z.output<typeof aptArgs>;

/** apt-get refreshes this stamp (APT::Periodic); the lists directory is the fallback. */
const CACHE_STAMPS = ['/var/lib/apt/periodic/update-success-stamp', '/var/lib/apt/lists'];

export async function planApt(a: AptArgs, ctx: ModuleContext) {
  const specs = a.name ?? [];
  checkPackageNames(specs);
  const changes: Change[] = [];
  const result: Record<string, unknown> = { cache_updated: false };

  let cacheUpdated = false;
  if (a.update_cache) {
    const stamp = await cacheStamp(ctx);
    const now = Math.floor(Date.now() / 1000);
    const fresh = a.cache_valid_time > 0 && stamp !== undefined && stamp.state.kind !== 'missing' && stamp.state.mtime + a.cache_valid_time > now;
    if (!fresh) {
      cacheUpdated = true;
      const refreshed: FileState | undefined = stamp && stamp.state.kind !== 'missing' ? { ...stamp.state, mtime: now } : undefined;
      changes.push({
        describe: 'apt-get update',
        apply: { kind: 'exec', command: sh`apt-get update -q`, timeoutMs: 600_000 },
        effects: refreshed && stamp ? [{ kind: 'file', path: stamp.path, state: refreshed }] : [],
      });
      result['cache_update_time'] = now;
    }
    result['cache_updated'] = cacheUpdated;
  }
  if (specs.length === 0) return { changes, changed: cacheUpdated, result };

  const names = specs.map(debName);
  const installed = await ctx.fact(dpkgPackages, { names });
  const candidates = a.state === 'latest' ? await ctx.fact(aptCandidates, { names }) : {};
  const todo = packagesToChange(specs, a.state, installed, candidates);
  if (todo.length === 0) return { changes, changed: false, result };

  const after: PackageStates = { ...installed };
  for (const spec of todo) {
    const n = debName(spec);
    const pinned = /=(.+)$/.exec(spec)?.[1];
    after[n] = a.state === 'absent' ? { installed: false, version: null } : { installed: true, version: pinned ?? candidates[n] ?? installed[n]?.version ?? null };
  }
  const verb = a.state === 'absent' ? 'remove' : 'install';
  changes.push({
    describe: `apt-get ${verb} ${todo.join(' ')}`,
    apply: { kind: 'exec', command: aptGet(a, verb, todo), timeoutMs: 1_800_000 },
    effects: packageEffects(dpkgPackages, names, after),
  });
  return { changes, changed: true, result };
}

/** The specs (name, name=version) whose state differs from what is wanted. */
export function packagesToChange(specs: readonly string[], state: PackageWanted, installed: PackageStates, candidates: Record<string, string | null>): string[] {
  return specs.filter((spec) => {
    const n = debName(spec);
    const have = installed[n];
    const pinned = /=(.+)$/.exec(spec)?.[1];
    if (state === 'absent') return have?.installed === true;
    if (!have?.installed) return true;
    if (pinned !== undefined) return have.version !== pinned;
    if (state === 'latest') {
      const cand = candidates[n];
      return cand !== null && cand !== undefined && cand !== have.version;
    }
    return false;
  });
}

function aptGet(a: AptArgs, verb: 'install' | 'remove', specs: readonly string[]): ShellCommand {
  const opts: string[] = ['-y', '-q'];
  for (const o of a.dpkg_options.split(',').map((s) => s.trim()).filter(Boolean)) opts.push('-o', `Dpkg::Options::=--${o}`);
  if (verb === 'install') {
    if (a.install_recommends === true) opts.push('--install-recommends');
    if (a.install_recommends === false) opts.push('--no-install-recommends');
    if (a.default_release !== undefined) opts.push('-t', a.default_release);
    if (a.allow_unauthenticated) opts.push('--allow-unauthenticated');
    if (a.allow_downgrade) opts.push('--allow-downgrades');
  } else {
    if (a.purge) opts.push('--purge');
    if (a.autoremove) opts.push('--auto-remove');
  }
  if (a.lock_timeout !== undefined) opts.push('-o', `DPkg::Lock::Timeout=${a.lock_timeout}`);
  return sh`DEBIAN_FRONTEND=noninteractive apt-get ${opts} ${verb} ${specs}`;
}

async function cacheStamp(ctx: ModuleContext): Promise<{ path: string; state: FileState } | undefined> {
  for (const path of CACHE_STAMPS) {
    const state = await ctx.stat(path, { checksum: false });
    if (state.kind !== 'missing') return { path, state };
  }
  return undefined;
}

export const apt = defineModule({
  name: 'apt',
  description: 'Install, upgrade or remove Debian packages with apt-get (noninteractive)',
  args: aptArgs,
  aliases: { name: ['pkg', 'package'], update_cache: ['update-cache'], purge: ['purge_packages'] },
  remoteFacts: (a) => (a.name?.length ? [factRead(dpkgPackages, { names: a.name.map(debName) })] : []),
  plan: planApt,
});
