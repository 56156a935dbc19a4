/**
 * POSIX shell quoting, the one rule every layer shares: commands sent to targets
 * (connection/command.ts) and the template layer's `quote` filter. It lives here, below both,
 * so templates do not depend on the connection layer.
 */

/** POSIX single-quote quoting: safe for every byte sequence except NUL. */
export function quote(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
