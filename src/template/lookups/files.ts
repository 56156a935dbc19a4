/**
 * The lookups that read the controller: file, template, first_found, fileglob, lines, pipe and
 * password. Relative paths are searched as Ansible searches them (search.ts).
 */
import { execSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBoolean } from '../../util/ansible-boolean.js';
import { JinjaError } from '../errors.js';
import { isMapping, pyStr } from '../python.js';
import { candidates, findFile, globFiles, searchDirs } from './search.js';
import type { LookupHost, LookupPlugin } from './types.js';

const flag = (v: unknown, dflt: boolean): boolean => (v === undefined ? dflt : parseBoolean(v) === true);

const file: LookupPlugin = (terms, o, host) =>
  terms.map((t) => {
    const found = findFile(host, 'files', pyStr(t));
    if (!found) throw new JinjaError(`could not locate file in lookup: ${pyStr(t)}`, 'relative paths are searched in the role\'s and the playbook\'s files/ directories');
    let text = readFileSync(found, 'utf8');
    if (flag(o.rstrip, true)) text = text.trimEnd();
    if (flag(o.lstrip, false)) text = text.trimStart();
    return text;
  });

const template: LookupPlugin = (terms, o, host) =>
  terms.map((t) => {
    const found = findFile(host, 'templates', pyStr(t));
    if (!found) throw new JinjaError(`the template file ${pyStr(t)} could not be found for the lookup`);
    const extra = isMapping(o.template_vars) ? o.template_vars : {};
    const searchPaths = searchDirs(host).map((d) => path.join(d, 'templates'));
    return host.renderFile(found, extra, searchPaths);
  });

/** Splits option strings as first_found does: files on , and ;, paths also on :. */
const splitOn = (v: unknown, seps: RegExp): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).flatMap((x) => pyStr(x).split(seps)).map((s) => s.trim()).filter(Boolean);

function firstFoundCandidates(terms: unknown[], o: Record<string, unknown>): { names: string[]; skip: boolean } {
  let names: string[] = [];
  let skip = flag(o.skip, false);
  for (const term of terms) {
    if (Array.isArray(term)) {
      const inner = firstFoundCandidates(term, o);
      names.push(...inner.names);
      skip = inner.skip;
      continue;
    }
    const opts = isMapping(term) ? term : o;
    if (!isMapping(term) && typeof term !== 'string') throw new JinjaError(`Invalid term supplied, can handle string, mapping or list of strings but got: ${pyStr(term)}`);
    const files = splitOn(opts.files, /[,;]/);
    const paths = splitOn(opts.paths, /[,:;]/);
    skip = flag(opts.skip, false);
    if (paths.length) for (const p of paths) for (const f of files) names.push(path.join(p, f));
    else if (files.length) names = files;
    else names.push(pyStr(term));
  }
  return { names, skip };
}

function firstFound(subdir: string): LookupPlugin {
  return (terms, o, host) => {
    const { names, skip } = firstFoundCandidates(terms, o);
    for (const name of names) {
      const found = findFile(host, subdir, name);
      if (found) return [found];
    }
    if (skip) return [];
    throw new JinjaError('No file was found when using first_found.', `searched: ${names.flatMap((n) => candidates(host, subdir, n)).join(', ')}`);
  };
}

const fileglob: LookupPlugin = (terms, _o, host) =>
  terms.flatMap((t) => {
    const term = pyStr(t);
    const base = path.basename(term);
    const dirs = base !== term ? candidates(host, 'files', path.dirname(term)) : searchDirs(host).flatMap((d) => [path.join(d, 'files'), d]);
    for (const dir of dirs) {
      const found = globFiles(dir, base);
      if (found.length) return found;
    }
    return [];
  });

function run(command: string, host: LookupHost, what: string): string {
  const dir = host.variable('playbook_dir');
  try {
    return execSync(command, { cwd: typeof dir === 'string' ? dir : undefined, shell: '/bin/sh', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const status = (err as { status?: number }).status;
    throw new JinjaError(`lookup_plugin.${what}(${command}) returned ${status ?? 'an error'}`);
  }
}

const pipe: LookupPlugin = (terms, _o, host) => terms.map((t) => run(pyStr(t), host, 'pipe').trimEnd());

const lines: LookupPlugin = (terms, _o, host) => terms.flatMap((t) => run(pyStr(t), host, 'lines').split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1));

const CHARSETS: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

function passwordChars(spec: string | undefined): string {
  const names = spec === undefined ? ['ascii_letters', 'digits', '.,:-_'] : spec.replace(/,,/g, '\u0000').split(',').map((s) => s.replace(/\u0000/g, ','));
  return [...new Set(names.map((n) => CHARSETS[n] ?? n).join(''))].join('');
}

/** `lookup('password', 'path length=12 chars=digits')`: a stored password, made on first use. */
const password: LookupPlugin = (terms, o, host) =>
  terms.map((t) => {
    const [target = '', ...params] = pyStr(t).trim().split(/\s+/);
    const opts: Record<string, string> = {};
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq < 0) throw new JinjaError(`unrecognized password lookup argument: ${p}`);
      opts[p.slice(0, eq)] = p.slice(eq + 1);
    }
    for (const k of ['length', 'chars', 'encrypt', 'seed']) if (o[k] !== undefined) opts[k] ??= pyStr(o[k]);
    const unknown = Object.keys(opts).filter((k) => !['length', 'chars'].includes(k));
    if (unknown.length) throw new JinjaError(`the password lookup's ${unknown.join(', ')} is not supported by play`, 'use length= and chars=');
    const length = Number(opts.length ?? 20);
    const chars = passwordChars(opts.chars);
    const make = (): string => Array.from({ length }, () => chars[randomInt(chars.length)]).join('');
    if (target === '/dev/null') return make();
    const file = path.isAbsolute(target) ? target : path.join(searchDirs(host).at(-1) ?? '.', target);
    try {
      return (readFileSync(file, 'utf8').split('\n')[0] ?? '').replace(/ salt=.*$/, '');
    } catch {
      const made = make();
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${made}\n`, { mode: 0o600 });
      return made;
    }
  });

export const fileLookups: Record<string, LookupPlugin> = {
  file,
  template,
  first_found: firstFound('files'),
  'first_found:templates': firstFound('templates'),
  'first_found:vars': firstFound('vars'),
  fileglob,
  pipe,
  lines,
  password,
};
