import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabPaths } from './hosts.js';

/**
 * What a lab base image is: sid moves every day, so a base built on another day may hide what
 * moved. The build records the day's archive date and the versions of what the lab exercises;
 * `play lab status` shows them.
 */
export interface BaseInfo {
  /** When the base was built (ISO); the stamp's time for a base built before this was kept. */
  builtAt: string;
  suite: string;
  /** The Date: of the archive's Release file the base was installed from. */
  archiveDate: string | null;
  mirror: string | null;
  /** Installed versions of the packages below (null: not installed). */
  versions: Record<string, string | null>;
}

export const REPORTED_PACKAGES = ['asterisk', 'libvirt-daemon', 'qemu-system-x86', 'openssh-server', 'dahdi'] as const;

const infoFile = (paths: LabPaths): string => join(paths.root, 'base.json');

/** Reads the base's own dpkg database and apt lists: no process runs in it. */
export async function describeBase(base: string, suite: string, mirror: string | null, builtAt: Date): Promise<BaseInfo> {
  const status = await readFile(join(base, 'var/lib/dpkg/status'), 'utf8').catch(() => '');
  return {
    builtAt: builtAt.toISOString(),
    suite,
    archiveDate: await archiveDate(join(base, 'var/lib/apt/lists')),
    mirror,
    versions: Object.fromEntries(REPORTED_PACKAGES.map((p) => [p, installedVersion(status, p)])),
  };
}

export function installedVersion(dpkgStatus: string, pkg: string): string | null {
  for (const stanza of dpkgStatus.split(/\n\n+/)) {
    if (!new RegExp(`^Package: ${pkg.replace(/[.+]/g, '\\$&')}$`, 'm').test(stanza)) continue;
    if (!/^Status: .* installed$/m.test(stanza)) continue;
    return /^Version: (.+)$/m.exec(stanza)?.[1] ?? null;
  }
  return null;
}

async function archiveDate(lists: string): Promise<string | null> {
  const names = (await readdir(lists).catch(() => [] as string[])).filter((n) => /_(In)?Release$/.test(n)).sort();
  for (const name of names) {
    const date = /^Date: (.+)$/m.exec(await readFile(join(lists, name), 'utf8').catch(() => ''))?.[1];
    if (date) return date.trim();
  }
  return null;
}

export async function recordBaseInfo(paths: LabPaths, info: BaseInfo): Promise<void> {
  await writeFile(infoFile(paths), `${JSON.stringify(info, null, 2)}\n`);
}

/** The recorded description, or one read from the base itself; undefined when there is no base. */
export async function readBaseInfo(paths: LabPaths, suite: string): Promise<BaseInfo | undefined> {
  try {
    return JSON.parse(await readFile(infoFile(paths), 'utf8')) as BaseInfo;
  } catch {
    const stamp = await stat(paths.baseStamp).catch(() => undefined);
    if (!stamp) return undefined;
    return describeBase(paths.base, suite, null, stamp.mtime);
  }
}

/** One line for people: "Debian sid, archive of …, built …: asterisk 22.6…, libvirt-daemon …". */
export function formatBaseInfo(info: BaseInfo): string {
  const versions = Object.entries(info.versions)
    .map(([p, v]) => `${p} ${v ?? '(none)'}`)
    .join(', ');
  return `base image: Debian ${info.suite}, archive of ${info.archiveDate ?? 'an unknown date'}, built ${info.builtAt}: ${versions}`;
}
