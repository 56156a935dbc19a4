/**
 * POSIX shell quoting, the one rule every layer shares: commands sent to targets
 * (connection/command.ts) and the template layer's `quote` filter. It lives here, below both,
 * so templates do not depend on the connection layer.
 */

/**
 * Words a POSIX shell (or bash/ksh as /bin/sh) treats as syntax when they come first: quoted,
 * they are plain words. `!`, `{`, `}`, `[[`… already are quoted for their characters.
 */
const RESERVED_WORDS = new Set(['case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while', 'coproc']);
/** `NAME=value` in the first position is an assignment, not a word. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * POSIX single-quote quoting: safe for every byte sequence except NUL (which a command's render()
 * refuses).
 * A word made only of harmless characters is left bare, unless a shell would read it as syntax
 * in the first position (an assignment, a reserved word).
 */
export function quote(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !ASSIGNMENT.test(value) && !RESERVED_WORDS.has(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Python's shlex.quote, which Ansible's `quote` filter is: the plain rule, with no regard for a
 * word's position (a filter does not know where its word goes).
 */
export function shlexQuote(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
