import { sh } from '../connection/command.js';
import type { ShellFact } from './types.js';

export interface UserState {
  exists: boolean;
  uid?: number | undefined;
  gid?: number | undefined;
  /** Primary group name. */
  group?: string | undefined;
  /** Supplementary groups (without the primary one). */
  groups?: string[] | undefined;
  comment?: string | undefined;
  home?: string | undefined;
  shell?: string | undefined;
  /** The shadow hash; compared, never shown. Undefined when shadow is unreadable. */
  passwordHash?: string | undefined;
}

export interface GroupState {
  exists: boolean;
  gid?: number | undefined;
  members?: string[] | undefined;
}

/** getent covers NSS sources (LDAP…); plain files are read when getent is missing (very old hosts). */
export const userAccount: ShellFact<{ name: string }, UserState> = {
  name: 'users.user',
  offline: () => ({ exists: false }),
  command: ({ name }) =>
    sh`n=${name}; e=$(getent passwd "$n" 2>/dev/null || awk -F: -v n="$n" '$1 == n' /etc/passwd); echo "passwd=$e"; if [ -n "$e" ]; then echo "group=$(id -gn "$n" 2>/dev/null)"; echo "groups=$(id -Gn "$n" 2>/dev/null)"; s=$( (getent shadow "$n" 2>/dev/null || awk -F: -v n="$n" '$1 == n' /etc/shadow 2>/dev/null) | cut -d: -f2); echo "shadow=$s"; fi; true`,
  parse: (result) => parseUserAccount(result.stdout),
};

export function parseUserAccount(stdout: string): UserState {
  const kv = keyValues(stdout);
  const passwd = kv.get('passwd') ?? '';
  if (passwd === '') return { exists: false };
  const [, , uid = '', gid = '', comment = '', home = '', shell = ''] = passwd.split(':');
  const group = kv.get('group') || undefined;
  const all = (kv.get('groups') ?? '').split(/\s+/).filter(Boolean);
  const shadow = kv.get('shadow');
  return {
    exists: true,
    uid: Number(uid),
    gid: Number(gid),
    group,
    groups: all.filter((g) => g !== group),
    comment,
    home,
    shell,
    passwordHash: shadow === undefined || shadow === '' ? undefined : shadow,
  };
}

export const groupEntry: ShellFact<{ name: string }, GroupState> = {
  name: 'users.group',
  offline: () => ({ exists: false }),
  command: ({ name }) => sh`n=${name}; e=$(getent group "$n" 2>/dev/null || awk -F: -v n="$n" '$1 == n' /etc/group); echo "group=$e"`,
  parse: (result) => parseGroupEntry(result.stdout),
};

export function parseGroupEntry(stdout: string): GroupState {
  const line = keyValues(stdout).get('group') ?? '';
  if (line === '') return { exists: false };
  const [, , gid = '', members = ''] = line.split(':');
  return { exists: true, gid: Number(gid), members: members.split(',').filter(Boolean) };
}

function keyValues(stdout: string): Map<string, string> {
  const kv = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return kv;
}
