/**
 * Ansible's lineinfile/blockinfile/replace take Python regular expressions and Python
 * replacement templates. JavaScript's dialect is close; this converts the differences that
 * playbooks actually use so the same patterns behave the same here.
 */
import { ModuleError } from '../../errors.js';

export interface ConvertedRegex {
  source: string;
  /** Flags from a leading inline group such as (?i) or (?ms). */
  flags: string;
}

/** Converts Python syntax: (?P<n>…), (?P=n), \A, \Z, leading inline flags (?imsx). */
export function convertPythonRegex(pattern: string): ConvertedRegex {
  let flags = '';
  let rest = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(rest);
  if (inline) {
    const letters = inline[1] ?? '';
    if (letters.includes('x') || letters.includes('L')) {
      throw new ModuleError(`unsupported regular expression flag in ${pattern}: only (?i), (?m) and (?s) are supported`);
    }
    for (const f of letters) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    rest = rest.slice(inline[0].length);
  }
  let out = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') {
      const next = rest[i + 1] ?? '';
      if (next === 'A') out += '(?<![\\s\\S])';
      else if (next === 'Z') out += '(?![\\s\\S])';
      else out += c + next;
      i++;
    } else if (rest.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (rest.startsWith('(?P=', i)) {
      const end = rest.indexOf(')', i);
      out += `\\k<${rest.slice(i + 4, end)}>`;
      i = end;
    } else out += c;
  }
  return { source: out, flags };
}

/** Compiles a Python pattern to a JS RegExp; a bad pattern is the user's error, not a crash. */
export function compilePythonRegex(pattern: string, extraFlags = ''): RegExp {
  const { source, flags } = convertPythonRegex(pattern);
  const all = [...new Set(flags + extraFlags)].join('');
  try {
    return new RegExp(source, all);
  } catch (err) {
    throw new ModuleError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/**
 * Python's match.expand()/re.sub template: \1, \g<1>, \g<name>, \n-style escapes.
 * Groups that did not take part in the match expand to "" (Python 3.5+).
 */
export function expandPythonTemplate(template: string, match: RegExpExecArray | RegExpMatchArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i] ?? '';
    if (c !== '\\' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    const next = template[i + 1] ?? '';
    const named = /^g<([^>]*)>/.exec(template.slice(i + 1));
    if (named) {
      const ref = named[1] ?? '';
      out += groupValue(match, /^\d+$/.test(ref) ? Number(ref) : ref, template);
      i += named[0].length;
    } else if (/[1-9]/.test(next)) {
      const digits = /^[0-9]{1,2}/.exec(template.slice(i + 1))?.[0] ?? next;
      out += groupValue(match, Number(digits), template);
      i += digits.length;
    } else if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else {
      out += c + next; // Python keeps unknown escapes of punctuation as they are
      i++;
    }
  }
  return out;
}

function groupValue(match: RegExpExecArray | RegExpMatchArray, ref: number | string, template: string): string {
  if (typeof ref === 'number') {
    if (ref >= match.length) throw new ModuleError(`invalid group reference ${ref} in ${JSON.stringify(template)}`);
    return match[ref] ?? '';
  }
  const groups = match.groups ?? {};
  if (!(ref in groups)) throw new ModuleError(`unknown group name ${JSON.stringify(ref)} in ${JSON.stringify(template)}`);
  return groups[ref] ?? '';
}
