import { sh } from '../connection/command.js';
import type { ShellFact } from './types.js';

/** One package as the package database sees it; version null when not installed. */
export interface PackageState {
  installed: boolean;
  version: string | null;
}

export type PackageStates = Record<string, PackageState>;

export interface PackageNames {
  names: readonly string[];
}

/** "hello:amd64" and "hello=2.10-3" both name the package "hello". */
export function debName(spec: string): string {
  return spec.replace(/=.*$/, '').replace(/:[a-z0-9]+$/, '');
}

/**
 * dpkg's view of several packages in one round trip. dpkg-query exits 1 and writes to stderr
 * for names it has never seen; those are simply "not installed".
 */
export const dpkgPackages: ShellFact<PackageNames, PackageStates> = {
  name: 'apt.packages',
  offline: ({ names }) => notInstalled(names.map(debName)),
  command: ({ names }) => sh`dpkg-query -W -f '\${Package}\\t\${Status}\\t\${Version}\\n' -- ${names.map(debName)} 2>/dev/null; true`,
  parse: (result, { names }) => parseDpkgQuery(result.stdout, names.map(debName)),
};

export function parseDpkgQuery(stdout: string, names: readonly string[]): PackageStates {
  const out: PackageStates = Object.fromEntries(names.map((n) => [n, { installed: false, version: null }]));
  for (const line of stdout.split('\n')) {
    const [pkg, status = '', version = ''] = line.split('\t');
    if (!pkg) continue;
    // Status is "want flag state": only "installed" counts (not config-files, half-installed…)
    const installed = status.trim().split(/\s+/)[2] === 'installed';
    // dpkg-query lists every architecture of a multi-arch package: one installed one wins.
    if (out[pkg]?.installed && !installed) continue;
    out[pkg] = { installed, version: installed ? version.trim() : null };
  }
  return out;
}

/** `apt-cache policy` candidates: the version `install`/`latest` would get (null: none). */
export const aptCandidates: ShellFact<PackageNames, Record<string, string | null>> = {
  name: 'apt.candidates',
  // the archive is not asked: the newest version is whatever it will offer
  offline: ({ names }) => Object.fromEntries(names.map((n) => [debName(n), 'latest'])),
  become: false,
  command: ({ names }) => sh`LC_ALL=C apt-cache policy -- ${names.map(debName)} 2>/dev/null; true`,
  parse: (result, { names }) => parseAptPolicy(result.stdout, names.map(debName)),
};

export function parseAptPolicy(stdout: string, names: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = Object.fromEntries(names.map((n) => [n, null]));
  let current: string | undefined;
  for (const line of stdout.split('\n')) {
    const head = /^(\S+?)(?::[a-z0-9]+)?:$/.exec(line);
    if (head) {
      current = head[1];
      continue;
    }
    const cand = /^\s+Candidate:\s*(\S+)/.exec(line);
    if (cand && current !== undefined) out[current] = cand[1] === '(none)' ? null : (cand[1] ?? null);
  }
  return out;
}

/** "name-1.2" or "name = 1.2" version specs are not split: rpm takes the name as given. */
export const rpmPackages: ShellFact<PackageNames, PackageStates> = {
  name: 'rpm.packages',
  offline: ({ names }) => notInstalled(names),
  command: ({ names }) => sh`rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}.%{ARCH}\\n' -- ${names} 2>&1; true`,
  parse: (result, { names }) => parseRpmQuery(result.stdout, names),
};

/** rpm prints "package X is not installed" in place of the format for unknown names. */
export function parseRpmQuery(stdout: string, names: readonly string[]): PackageStates {
  const out: PackageStates = Object.fromEntries(names.map((n) => [n, { installed: false, version: null }]));
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    if (/^package .* is not installed$/.test(line)) continue;
    const [pkg, version] = line.split('\t');
    if (pkg === undefined || version === undefined) continue;
    // several installed arches or versions: keep them all, space separated, like rpm -q does
    const prev = out[pkg];
    out[pkg] = { installed: true, version: prev?.installed && prev.version ? `${prev.version} ${version}` : version };
  }
  return out;
}

/** Installed package groups (`yum grouplist`): names under any "Installed … Groups:" header. */
export const yumGroups: ShellFact<{ manager: 'yum' | 'dnf' }, string[]> = {
  name: 'yum.groups',
  offline: () => [],
  command: ({ manager }) => sh`LC_ALL=C ${manager} -C grouplist 2>/dev/null || LC_ALL=C ${manager} grouplist 2>/dev/null; true`,
  parse: (result) => parseYumGroupList(result.stdout),
};

export function parseYumGroupList(stdout: string): string[] {
  const installed: string[] = [];
  let inInstalled = false;
  for (const line of stdout.split('\n')) {
    if (/^\S.*:\s*$/.test(line)) {
      inInstalled = /^Installed\b.*Groups:\s*$/i.test(line);
      continue;
    }
    if (/^\S/.test(line)) {
      inInstalled = false;
      continue;
    }
    const name = line.trim().replace(/\s+\(.*\)$/, '');
    if (inInstalled && name) installed.push(name);
  }
  return installed;
}

/** Packages with a newer version in the repositories (`yum check-update` exits 100 then). */
export const yumUpdates: ShellFact<{ manager: 'yum' | 'dnf'; names: readonly string[] }, string[]> = {
  name: 'yum.updates',
  offline: () => [],
  command: ({ manager, names }) => sh`LC_ALL=C ${manager} -q check-update -- ${names} 2>/dev/null; echo "rc=$?"`,
  parse: (result, { names }) => parseCheckUpdate(result.stdout, names),
};

export function parseCheckUpdate(stdout: string, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\.(\w+)\s+\S+\s+\S+/.exec(line);
    if (m?.[1] !== undefined && wanted.has(m[1]) && !found.includes(m[1])) found.push(m[1]);
  }
  return found;
}

/** A fresh host's answer: none of the packages is installed. */
function notInstalled(names: readonly string[]): PackageStates {
  return Object.fromEntries(names.map((n) => [n, { installed: false, version: null }]));
}
