import { rawCommand } from '../connection/command.js';
import type { ShellFact } from './types.js';

export interface MountEntry {
  src: string;
  path: string;
  fstype: string;
  opts: string;
}

/** fstab and /proc/mounts write spaces, tabs and backslashes in fields as octal escapes. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function escapeMountField(field: string): string {
  return field.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** What is mounted now (the kernel's table, not fstab). */
export const mountedFilesystems: ShellFact<Record<string, never>, MountEntry[]> = {
  name: 'mount.mounted',
  offline: () => [],
  become: false,
  command: () => rawCommand('cat /proc/mounts 2>/dev/null || cat /etc/mtab'),
  parse: (result) => parseMountTable(result.stdout),
};

export function parseMountTable(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const [src, path, fstype = '', opts = 'defaults'] = t.split(/\s+/);
    if (src === undefined || path === undefined) continue;
    out.push({ src: unescapeMountField(src), path: unescapeMountField(path), fstype, opts });
  }
  return out;
}
