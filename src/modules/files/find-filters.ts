/** find's filters, as Ansible's find module applies them: patterns, excludes, age and size. */
import { compilePythonRegex } from './python-regex.js';

/** Python's fnmatch.fnmatch on POSIX: *, ?, [seq], [!seq]; case-sensitive, whole name. */
export function fnmatchRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        body = body.startsWith('!') ? `^${body.slice(1)}` : body;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function matcher(pattern: string, useRegex: boolean): (name: string) => boolean {
  if (!useRegex) {
    const re = fnmatchRegex(pattern);
    return (n) => re.test(n);
  }
  // Python's re.match: anchored at the start only
  const re = compilePythonRegex(pattern);
  return (n) => {
    re.lastIndex = 0;
    const m = re.exec(n);
    return m !== null && m.index === 0;
  };
}

/** Ansible's pfilter: a name passes when it matches a pattern and no exclude. */
export function nameFilter(patterns: readonly string[], excludes: readonly string[], useRegex: boolean): (name: string) => boolean {
  const pats = (patterns.length ? patterns : [useRegex ? '.*' : '*']).map((p) => matcher(p, useRegex));
  const excl = excludes.map((p) => matcher(p, useRegex));
  return (name) => pats.some((m) => m(name)) && !excl.some((m) => m(name));
}

/** "4w", "-1d", "30": seconds, negative meaning "newer than". */
export function parseAge(age: string): number | undefined {
  const m = /^(-?\d+)(s|m|h|d|w)?$/.exec(age.toLowerCase());
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  return m ? Number(m[1]) * (unit[m[2] ?? 's'] ?? 1) : undefined;
}

/** "10m", "-1k", "2048": bytes, negative meaning "at most". */
export function parseSize(size: string): number | undefined {
  const m = /^(-?\d+)(b|k|m|g|t)?$/.exec(size.toLowerCase());
  const unit: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  return m ? Number(m[1]) * (unit[m[2] ?? 'b'] ?? 1) : undefined;
}

export function ageMatches(stamp: number, now: number, age: number | undefined): boolean {
  if (age === undefined) return true;
  return age >= 0 ? now - stamp >= Math.abs(age) : now - stamp <= Math.abs(age);
}

export function sizeMatches(size: number, want: number | undefined): boolean {
  if (want === undefined) return true;
  return want >= 0 ? size >= Math.abs(want) : size <= Math.abs(want);
}
