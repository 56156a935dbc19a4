/** Lines of OpenSSH's authorized_keys and known_hosts files, parsed enough to compare keys. */

const KEY_TYPE = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;

export interface KeyLine {
  /** known_hosts: the host patterns field; authorized_keys: options, if any. */
  lead: string;
  type: string;
  blob: string;
}

/** Splits on whitespace outside double quotes (authorized_keys options may quote spaces). */
function fields(line: string): string[] {
  return line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

/** authorized_keys: [options] type blob [comment]. */
export function parseAuthorizedKey(line: string): KeyLine | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const f = fields(t);
  const i = f.findIndex((w) => KEY_TYPE.test(w));
  if (i < 0 || f[i + 1] === undefined) return undefined;
  return { lead: f.slice(0, i).join(' '), type: f[i] as string, blob: f[i + 1] as string };
}

/** known_hosts: hosts type blob [comment]; hashed (|1|…) and @marker lines are not matched. */
export function parseKnownHost(line: string): KeyLine | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || t.startsWith('@')) return undefined;
  const f = fields(t);
  if (f.length < 3 || !KEY_TYPE.test(f[1] as string)) return undefined;
  return { lead: f[0] as string, type: f[1] as string, blob: f[2] as string };
}

export function hostMatches(lead: string, name: string): boolean {
  return lead.split(',').includes(name);
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function joinLines(lines: readonly string[]): string {
  return lines.length ? `${lines.join('\n')}\n` : '';
}
