/**
 * Python `re` patterns on JavaScript RegExp: the syntax differences Ansible playbooks actually hit
 * (named groups `(?P<n>)`, leading inline flags `(?i)`, `\A`/`\Z`, `\1`/`\g<name>` in replacements),
 * and the regex_* filters built on them.
 */
import { bindArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { pyStr } from './python.js';

export interface RegexOptions {
  ignorecase?: boolean;
  multiline?: boolean;
  /** Anchor at the start of the string like Python's re.match. */
  sticky?: boolean;
  global?: boolean;
}

/**
 * Compiled patterns keyed by the pattern and its flags: pure data shared by every run. A
 * RegExp's one piece of state (lastIndex) is reset each time one is handed out, and every use
 * is synchronous, so no two uses interleave.
 */
const cache = new Map<string, RegExp>();

export function pyRegExp(pattern: string, opts: RegexOptions = {}): RegExp {
  const key = `${pattern}\u0000${opts.ignorecase}${opts.multiline}${opts.sticky}${opts.global}`;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let flags = '';
  let source = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    flags += (inline[1] ?? '').replace(/[aLux]/g, '');
  }
  source = source
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\A/g, '$1(?<![\\s\\S])')
    .replace(/(^|[^\\])\\Z/g, '$1(?![\\s\\S])');
  if (opts.ignorecase && !flags.includes('i')) flags += 'i';
  if (opts.multiline && !flags.includes('m')) flags += 'm';
  if (opts.sticky) flags += 'y';
  if (opts.global) flags += 'g';
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw new JinjaError(`invalid regular expression '${pattern}': ${(err as Error).message}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

/** A Python replacement string (`\1`, `\g<name>`, `\\`) as a JavaScript one (`$1`, `$<name>`, `\`). */
export function pyReplacement(repl: string): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i] as string;
    if (c === '$') {
      out += '$$';
      continue;
    }
    if (c !== '\\' || i + 1 >= repl.length) {
      out += c;
      continue;
    }
    const rest = repl.slice(i + 1);
    const num = /^\d{1,2}/.exec(rest);
    const named = /^g<(\w+)>/.exec(rest);
    if (num) {
      out += `$${num[0]}`;
      i += num[0].length;
    } else if (named) {
      out += /^\d+$/.test(named[1] ?? '') ? `$${named[1]}` : `$<${named[1]}>`;
      i += named[0].length;
    } else {
      const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };
      const next = rest[0] as string;
      out += esc[next] ?? `\\${next}`;
      i += 1;
    }
  }
  return out;
}

function groupRef(m: RegExpExecArray, ref: string): unknown {
  const num = /^\\(\d+)$/.exec(ref) ?? /^\\g<(\d+)>$/.exec(ref);
  if (num) return m[Number(num[1])] ?? null;
  const named = /^\\g<(\w+)>$/.exec(ref);
  if (named) return m.groups?.[named[1] as string] ?? null;
  throw new JinjaError(`Unknown argument '${ref}' for regex_search`, "use '\\\\1' or '\\\\g<name>'");
}

export const regexFilters: Record<string, Filter> = {
  regex_replace(value, ...args) {
    const a = bindArgs('regex_replace', args, ['pattern', 'replacement', 'ignorecase', 'multiline', 'count', 'mandatory_count']);
    const count = typeof a.count === 'number' ? a.count : 0;
    const re = pyRegExp(pyStr(a.pattern ?? ''), { ignorecase: a.ignorecase === true, multiline: a.multiline === true, global: true });
    const repl = pyReplacement(pyStr(a.replacement ?? ''));
    const text = pyStr(value);
    if (count <= 0) return text.replace(re, repl);
    let done = 0;
    const limited = pyRegExp(re.source, { ignorecase: re.flags.includes('i'), multiline: re.flags.includes('m') });
    return text.replace(re, (...m: unknown[]) => {
      if (done++ >= count) return String(m[0]);
      return String(m[0]).replace(limited, repl);
    });
  },

  regex_search(value, pattern, ...rest) {
    const refs = rest.filter((r): r is string => typeof r === 'string');
    const kw = rest.find((r) => typeof r === 'object' && r !== null) as Record<string, unknown> | undefined;
    const re = pyRegExp(pyStr(pattern), { ignorecase: kw?.ignorecase === true, multiline: kw?.multiline === true });
    const m = re.exec(pyStr(value));
    if (!m) return null;
    if (refs.length === 0) return m[0];
    return refs.map((ref) => groupRef(m, ref));
  },

  regex_findall(value, ...args) {
    const a = bindArgs('regex_findall', args, ['pattern', 'multiline', 'ignorecase']);
    const re = pyRegExp(pyStr(a.pattern), { ignorecase: a.ignorecase === true, multiline: a.multiline === true, global: true });
    return [...pyStr(value).matchAll(re)].map((m) => (m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((g) => g ?? '')));
  },

  // Python's re.escape escapes only its special characters; posix_basic only BRE's `].[^$*\`
  regex_escape(value, reType = 'python') {
    if (reType === 'posix_basic') return pyStr(value).replace(/[\].[^$*\\]/g, (c) => `\\${c}`);
    if (reType !== 'python') throw new JinjaError(`Invalid regex type (${pyStr(reType)})`);
    return pyStr(value).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => `\\${c}`);
  },
};
