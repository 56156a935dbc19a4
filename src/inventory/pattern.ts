/**
 * Ansible host patterns (`hosts:` and `--limit`), after ansible.inventory.manager:
 *   web,db  web:db  all  *  web*  ~re  !web  &db  web[0]  web[-1]  web[0:2]  @file
 * Regular patterns are joined first (in the order written), then `&` intersections, then `!`
 * exclusions; with only `&`/`!` patterns the selection starts from `all`.
 */
import { readFileSync } from 'node:fs';
import { PlayError } from '../errors.js';
import { parseAddress } from './address.js';

/** What patterns are matched against: names in inventory order. */
export interface PatternTarget {
  readonly hostNames: readonly string[];
  readonly groupNames: readonly string[];
  /** Hosts of a group and of all its descendants, in inventory order. */
  hostsOfGroup(group: string): string[];
}

/** Host names that mean "this machine" and can be targeted without being in the inventory. */
export const LOCALHOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];
export const IMPLICIT_LOCALHOST = 'localhost';

type FileReader = (file: string) => string;

/** Splits pattern text into single patterns; `@file` entries are replaced by the file's lines. */
export function splitHostPattern(pattern: string | readonly string[], readPatternFile: FileReader = readLimitFile): string[] {
  const out: string[] = [];
  for (const text of typeof pattern === 'string' ? [pattern] : pattern) {
    for (const piece of splitOne(text)) {
      if (!piece.startsWith('@')) out.push(piece);
      else {
        for (const line of readPatternFile(piece.slice(1)).split('\n')) out.push(...splitOne(line));
      }
    }
  }
  return out;
}

function splitOne(text: string): string[] {
  let pieces: string[];
  if (text.includes(',')) pieces = text.split(',');
  // A lone host, IPv6 address, host:port or range keeps its colons; otherwise ':' separates.
  else if (parseAddress(text.trim()) !== undefined) pieces = [text];
  else pieces = text.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

function readLimitFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PlayError('BAD_HOST_PATTERN', `cannot read host list file '${file}'`, {
      cause: err,
      hint: "'@file' names a file with one host or pattern per line",
    });
  }
}

/** Regular patterns, then `&` patterns, then `!` patterns; `all` when there is no regular one. */
export function orderPatterns(patterns: readonly string[]): string[] {
  const regular = patterns.filter((p) => !p.startsWith('!') && !p.startsWith('&'));
  const intersections = patterns.filter((p) => p.startsWith('&'));
  const exclusions = patterns.filter((p) => p.startsWith('!'));
  return [...(regular.length ? regular : ['all']), ...intersections, ...exclusions];
}

export function selectHosts(target: PatternTarget, pattern: string | readonly string[], readPatternFile?: FileReader): string[] {
  const hostSet = new Set(target.hostNames);
  const patterns = splitHostPattern(pattern, readPatternFile);
  // An empty pattern selects nothing (it must never widen to `all`).
  if (patterns.length === 0) return [];
  let selected: string[] = [];
  for (const p of orderPatterns(patterns)) {
    if (hostSet.has(p)) {
      if (!selected.includes(p)) selected.push(p);
      continue;
    }
    const matched = matchOne(target, p.startsWith('!') || p.startsWith('&') ? p.slice(1) : p);
    if (p.startsWith('!')) {
      const drop = new Set(matched);
      selected = selected.filter((h) => !drop.has(h));
    } else if (p.startsWith('&')) {
      const keep = new Set(matched);
      selected = selected.filter((h) => keep.has(h));
    } else {
      const have = new Set(selected);
      selected.push(...matched.filter((h) => !have.has(h)));
    }
  }
  return selected;
}

// A pattern followed by [n] or [start:end] / [start:] (Ansible's PATTERN_WITH_SUBSCRIPT).
const WITH_SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/;

function matchOne(target: PatternTarget, pattern: string): string[] {
  if (pattern === '') return [];
  const subscript = pattern.startsWith('~') ? null : WITH_SUBSCRIPT.exec(pattern);
  const expr = subscript?.[1] ?? pattern;
  const hosts = enumerate(target, expr);
  if (!subscript) return hosts;

  const pick = (index: number): string => {
    const host = hosts[index < 0 ? hosts.length + index : index];
    if (host === undefined) {
      throw new PlayError('BAD_HOST_PATTERN', `no hosts matched the subscripted pattern '${pattern}'`, {
        hint: `'${expr}' has ${hosts.length} host(s); subscripts count from 0`,
      });
    }
    return host;
  };
  if (subscript[2] !== undefined) return [pick(Number(subscript[2]))];
  const start = Number(subscript[3]);
  const end = subscript[5] ? Number(subscript[5]) : hosts.length - 1;
  if (end === 0) return [pick(start)];
  // The end of an Ansible subscript is inclusive: web[0:2] is three hosts.
  return hosts.slice(start, end + 1);
}

function enumerate(target: PatternTarget, pattern: string): string[] {
  const matches = compileMatcher(pattern);
  const groups = target.groupNames.filter(matches);
  const found = new Set<string>();
  for (const group of groups) for (const host of target.hostsOfGroup(group)) found.add(host);
  // Names are checked as hosts when no group matched, or when the pattern could match several.
  if (groups.length === 0 || pattern.startsWith('~') || /[.?*[]/.test(pattern)) {
    for (const host of target.hostNames) if (matches(host)) found.add(host);
  }
  if (found.size === 0 && LOCALHOST_NAMES.includes(pattern)) {
    const named = target.hostNames.find((h) => LOCALHOST_NAMES.includes(h));
    return [named ?? IMPLICIT_LOCALHOST];
  }
  // Report in inventory order, whatever order the groups and hosts were matched in.
  return target.hostNames.filter((h) => found.has(h));
}

function compileMatcher(pattern: string): (name: string) => boolean {
  let source: string;
  let flags = '';
  if (pattern.startsWith('~')) {
    source = pattern.slice(1).replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
    flags = 'y'; // like Python's re.match: anchored at the start only
  } else {
    source = `^${globToRegExp(pattern)}$`;
  }
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw new PlayError('BAD_HOST_PATTERN', `invalid host pattern '${pattern}'`, {
      cause: err,
      hint: err instanceof Error ? err.message : undefined,
    });
  }
  return (name) => {
    re.lastIndex = 0;
    return re.test(name);
  };
}

/** fnmatch.translate: `*`, `?`, `[abc]`, `[!abc]`; everything else literal. */
export function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (glob.charAt(j) === '!' || glob.charAt(j) === ']') j++;
      while (j < glob.length && glob.charAt(j) !== ']') j++;
      if (j >= glob.length) out += '\\[';
      else {
        let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        else if (body.startsWith('^')) body = '\\' + body;
        out += `[${body}]`;
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
