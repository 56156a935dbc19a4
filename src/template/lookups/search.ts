/**
 * Where lookups find files, as Ansible's find_file_in_search_path does: for each directory of
 * `ansible_search_path` (the role's, then the playbook's), DIR/SUBDIR/NAME and then DIR/NAME.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { JinjaError } from '../errors.js';
import type { LookupHost } from './types.js';

export function searchDirs(host: LookupHost): string[] {
  const sp = host.variable('ansible_search_path');
  if (Array.isArray(sp) && sp.length) return sp.map(String);
  const dir = host.variable('playbook_dir');
  return [typeof dir === 'string' ? dir : process.cwd()];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Candidates in Ansible's order; `subdir` is not added again when the name already starts with it. */
export function candidates(host: LookupHost, subdir: string, name: string): string[] {
  if (path.isAbsolute(name)) return [name];
  const out: string[] = [];
  for (const dir of searchDirs(host)) {
    if (name.split('/')[0] !== subdir) out.push(path.join(dir, subdir, name));
    out.push(path.join(dir, name));
  }
  return out;
}

export function findFile(host: LookupHost, subdir: string, name: string): string | undefined {
  return candidates(host, subdir, name).find(isFile);
}

export function findDir(host: LookupHost, subdir: string, name: string): string | undefined {
  return candidates(host, subdir, name).find(isDir);
}

/** A shell wildcard (`*`, `?`, `[…]`) for one path component as a regular expression. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The regular files in `dir` whose names match `pattern` (hidden files only for a pattern that starts with a dot). */
export function globFiles(dir: string, pattern: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = wildcard(pattern);
  return names
    .filter((n) => re.test(n) && (pattern.startsWith('.') || !n.startsWith('.')))
    .sort()
    .map((n) => path.join(dir, n))
    .filter(isFile);
}

export function lookupFailure(message: string, hint?: string): JinjaError {
  return new JinjaError(message, hint);
}
