/** The sysctl.conf line edit Ansible's sysctl does: one "key=value" line per key, comments kept. */
import { normalizeSysctlValue } from '../../facts/kernel.js';

export interface SysctlFileEdit {
  text: string;
  /** The value the file gave the key before the edit (the last assignment wins, like sysctl -p). */
  previous: string | undefined;
}

function keyOf(line: string): string | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || t.startsWith(';')) return undefined;
  const eq = t.indexOf('=');
  return (eq < 0 ? t : t.slice(0, eq)).trim().replace(/^-/, '');
}

function valueOf(line: string): string {
  const eq = line.indexOf('=');
  return eq < 0 ? '' : line.slice(eq + 1).trim();
}

/** Sets (value given) or removes (undefined) `name` in the file text. */
export function editSysctlFile(text: string, name: string, value: string | undefined): SysctlFileEdit {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let previous: string | undefined;
  let written = false;
  for (const line of lines) {
    if (keyOf(line) !== name) {
      out.push(line);
      continue;
    }
    previous = valueOf(line);
    if (value === undefined || written) continue;
    // An identical line is kept as written (spacing "a = b"), so an unchanged file stays byte-equal.
    out.push(normalizeSysctlValue(valueOf(line)) === normalizeSysctlValue(value) ? line : `${name}=${value}`);
    written = true;
  }
  if (value !== undefined && !written) out.push(`${name}=${value}`);
  return { text: out.length ? `${out.join('\n')}\n` : '', previous };
}
