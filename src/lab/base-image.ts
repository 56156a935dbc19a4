import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlayError } from '../errors.js';
import { describeBase, formatBaseInfo, recordBaseInfo } from './base-info.js';
import { baseBuildScript } from './base-script.js';
import { DEFAULT_LAB_PACKAGES, hostDirs, labPaths } from './hosts.js';
import type { LabPaths } from './hosts.js';
import { findDebianMirror } from './mirror.js';
import { requireRoot, run, runChecked } from './proc.js';
import { withLock } from './lock.js';
import { assertRealDirectory, ensureLabRoot } from './root-dir.js';

/**
 * The shared, read-only lower layer of every lab host: a Debian sid root made by debootstrap
 * once and cached. It is built in a temporary directory and renamed into place only when
 * complete, and a stamp (the package list and the recipe's version) says when to rebuild.
 */

/** Bump when the build steps change in a way that needs existing bases rebuilt. */
const RECIPE_VERSION = 2;
export const SUITE = 'sid';

/** Packages small enough for debootstrap's own resolver; the rest go through apt. */
const DEBOOTSTRAP_INCLUDE = ['openssh-server', 'iproute2', 'procps', 'sudo'];

export interface BaseImageOptions {
  paths?: LabPaths;
  packages?: readonly string[];
  /** Debian archive URL; default: PLAY_LAB_MIRROR, else the one this machine's apt uses. */
  mirror?: string;
  onProgress?: (step: string) => void;
  /** Rebuild even when the stamp matches. */
  force?: boolean;
  /** Refuse to replace the base while these hosts run on it (checked by the caller's state). */
  hostsRunning?: readonly string[];
}

export interface BaseStamp {
  recipe: number;
  suite: string;
  packages: string[];
}

export function desiredStamp(packages: readonly string[]): BaseStamp {
  return { recipe: RECIPE_VERSION, suite: SUITE, packages: [...new Set(packages)].sort() };
}

export async function readStamp(file: string): Promise<BaseStamp | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BaseStamp;
  } catch {
    return undefined;
  }
}

export function stampMatches(have: BaseStamp | undefined, want: BaseStamp): boolean {
  return have !== undefined && JSON.stringify(have) === JSON.stringify(want);
}

/** Returns the base directory, building it first when missing or out of date. */
export async function ensureBaseImage(opts: BaseImageOptions = {}): Promise<string> {
  const paths = opts.paths ?? labPaths();
  const want = desiredStamp(opts.packages ?? DEFAULT_LAB_PACKAGES);
  const progress = opts.onProgress ?? (() => undefined);
  await ensureLabRoot(paths.root);
  return withLock(join(paths.root, 'base.lock'), async () => {
    if (!opts.force && stampMatches(await readStamp(paths.baseStamp), want)) return paths.base;
    if (opts.hostsRunning && opts.hostsRunning.length > 0)
      throw new PlayError('LAB_BASE_BUSY', `the lab base image must be rebuilt but hosts run on it: ${opts.hostsRunning.join(', ')}`, {
        hint: 'run `play lab down` first',
      });
    requireRoot();
    await requireTool('debootstrap', 'apt-get install -y debootstrap');
    await requireTool('unshare', 'apt-get install -y util-linux');
    const mirror = opts.mirror ?? (process.env['PLAY_LAB_MIRROR'] || (await findDebianMirror()));
    const started = Date.now();
    const tmp = join(paths.root, `base.tmp-${process.pid}`);
    await removeLeftovers(paths.root);
    try {
      progress(`base image: debootstrap ${SUITE} from ${mirror}`);
      await runChecked(
        ['debootstrap', '--variant=minbase', `--include=${DEBOOTSTRAP_INCLUDE.join(',')}`, SUITE, tmp, mirror],
        'debootstrap',
        { onLine: (l) => l.startsWith('I: ') && progress(`base image: ${l.slice(3)}`) },
      );
      progress(`base image: installing ${want.packages.join(' ')}`);
      await runChecked(['unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c', baseBuildScript(tmp, want.packages)], 'base image install', {
        onLine: (l) => /^(Setting up|lab: )/.test(l) && progress(`base image: ${l}`),
      });
      await assertNoPython(tmp);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    const old = join(paths.root, `base.old-${process.pid}`);
    await rename(paths.base, old).catch(() => undefined);
    await rename(tmp, paths.base);
    await writeFile(paths.baseStamp, `${JSON.stringify(want)}\n`);
    const info = await describeBase(paths.base, SUITE, mirror, new Date());
    await recordBaseInfo(paths, info);
    progress(formatBaseInfo(info));
    await rm(old, { recursive: true, force: true });
    await discardHostLayers(paths);
    progress(`base image: ready in ${Math.round((Date.now() - started) / 1000)} s`);
    return paths.base;
  });
}

/** Upper layers made on another base are not valid on a new one: hosts start fresh. */
async function discardHostLayers(paths: LabPaths): Promise<void> {
  await assertRealDirectory(paths.hosts);
  const names = await readdir(paths.hosts).catch(() => [] as string[]);
  for (const name of names) await rm(hostDirs(paths, name).dir, { recursive: true, force: true });
}

/** Half-built bases of interrupted runs (their builder is gone: we hold the lock). */
async function removeLeftovers(root: string): Promise<void> {
  for (const name of await readdir(root))
    if (/^base\.(tmp|old)-\d+$/.test(name)) await rm(join(root, name), { recursive: true, force: true });
}

async function assertNoPython(root: string): Promise<void> {
  const r = await run(['chroot', root, '/bin/sh', '-c', 'command -v python3 || command -v python || ls /usr/bin/python* 2>/dev/null']);
  if (r.stdout.trim())
    throw new PlayError('LAB_BASE_HAS_PYTHON', `the lab base image contains Python (${r.stdout.trim().split('\n')[0]})`, {
      hint: 'a package in the lab package list pulls python3; remove it from the list',
    });
}

async function requireTool(tool: string, install: string): Promise<void> {
  const r = await run(['/bin/sh', '-c', `command -v ${tool}`]);
  if (r.rc !== 0)
    throw new PlayError('LAB_MISSING_TOOL', `${tool} is not installed on this machine`, { hint: `install it: ${install}` });
}
