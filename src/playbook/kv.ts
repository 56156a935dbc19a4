/**
 * Ansible's `key=value` argument strings ("dest=/etc/x mode=0644", "echo hi creates=/tmp/x"),
 * parsed as Ansible's parsing/splitter.py does: words split on spaces, regrouped inside quotes
 * and `{{ }}`/`{% %}`/`{# #}`; newlines kept (a multi-line `shell: |` stays multi-line); escapes
 * (`\n`, `\t`, `\x41`, `\u00e9`…) decoded in `key=value` values, not in free-form text.
 */
import { decodeEscapes, joinArgs, splitArgs } from '../util/ansible-args.js';

export { decodeEscapes, joinArgs, splitArgs };

function unquote(v: string): string {
  const quoted = v.length > 1 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'") && v[v.length - 2] !== '\\';
  return quoted ? v.slice(1, -1) : v;
}

/** Python's str.strip(): whitespace at both ends. */
function strip(s: string): string {
  return s.replace(/^\s+|\s+$/g, '');
}

/**
 * Parses a k=v string. For free-form modules (command, shell, raw, …) the words that are not
 * one of `freeFormKeys` stay in `_raw_params`, as written (undecoded), as Ansible does; without
 * `freeFormKeys` a word that is not `key=value` is an error (Ansible would pass it on as
 * `_raw_params`, which such a module then refuses). `rawWords` with no `freeFormKeys`: every
 * key=value is an argument and the other words are `_raw_params` (include_vars' file).
 */
export function parseKv(text: string, freeFormKeys?: ReadonlySet<string>, rawWords = freeFormKeys !== undefined): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const orig of splitArgs(text)) {
    const x = decodeEscapes(orig);
    let pos = -1;
    for (let i = x.indexOf('=', 1); i !== -1; i = x.indexOf('=', i + 1)) {
      if (x[i - 1] !== '\\') {
        pos = i;
        break;
      }
    }
    if (pos === -1) {
      const word = x.includes('=') ? x.replace(/\\=/g, '=') : orig;
      if (!rawWords) throw new Error(`"${strip(word)}" is not of the form key=value`);
      rest.push(word);
      continue;
    }
    const key = x.slice(0, pos);
    if (freeFormKeys && !freeFormKeys.has(key)) rest.push(orig);
    else args[strip(key)] = unquote(strip(x.slice(pos + 1)));
  }
  if (rawWords && rest.length) args._raw_params = joinArgs(rest);
  return args;
}

/** `action: shell echo hi`: the module name and the rest, as Ansible's _split_module_string. */
export function splitModuleString(text: string): { module: string; rest: string } {
  const words = splitArgs(text);
  return { module: strip(words[0] ?? ''), rest: words.slice(1).join(' ') };
}

/** Keys Ansible pulls out of a free-form command string. */
export const FREE_FORM_KEYS = new Set(['chdir', 'creates', 'removes', 'executable', 'stdin', 'stdin_add_newline', 'strip_empty_ends', 'warn']);
