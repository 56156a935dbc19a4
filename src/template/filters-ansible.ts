/**
 * Ansible's own filters beyond Jinja2's: format, extract, strftime, to_uuid, password_hash,
 * path_join and the path helpers, subelements, rekey_on_member, shuffle and random.
 */
import { createHash, randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { bindArgs, restArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { Undefined, isMapping, isStr, plain, pyRepr, pyStr, tuple, typeName } from './python.js';
import { pyMod } from './py-format.js';
import { getMember } from './runtime.js';
import { PyDateTime, strftime, strptime } from './datetime.js';
import { randomSalt, shaCrypt } from './sha-crypt.js';



/** uuid.uuid5: SHA-1 of the namespace's bytes and the name, with the version and variant bits set. */
function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function subelementsFilter(obj: unknown, ...args: unknown[]): unknown[] {
  const a = bindArgs('subelements', args, ['subelements', 'skip_missing']);
  const o = plain(obj);
  const elements = Array.isArray(o) ? o : isMapping(o) ? Object.values(o) : undefined;
  if (!elements) throw new JinjaError('obj must be a list of dicts or a nested dict');
  const keys = Array.isArray(a.subelements) ? a.subelements.map(pyStr) : isStr(a.subelements) ? pyStr(a.subelements).split('.') : undefined;
  if (!keys) throw new JinjaError('subelements must be a list or a string');
  const out: unknown[] = [];
  for (const element of elements) {
    let values: unknown = element;
    for (const key of keys) {
      if (!isMapping(values)) throw new JinjaError(`the key ${key} should point to a dictionary, got '${pyStr(values)}'`);
      if (!(key in values)) {
        if (a.skip_missing === true) {
          values = [];
          break;
        }
        throw new JinjaError(`could not find '${key}' key in iterated item ${pyRepr(values)}`);
      }
      values = values[key];
    }
    if (!Array.isArray(values)) throw new JinjaError(`the key '${keys.at(-1)}' should point to a list, got ${pyRepr(values)}`);
    for (const v of values) out.push(tuple([element, v]));
  }
  return out;
}

function rekeyOnMember(data: unknown, ...args: unknown[]): Record<string, unknown> {
  const a = bindArgs('rekey_on_member', args, ['key', 'duplicates']);
  const d = plain(data);
  const items = isMapping(d) ? Object.values(d) : Array.isArray(d) ? d : undefined;
  if (!items) throw new JinjaError('Type is not a valid list, set, or dict');
  const key = pyStr(a.key);
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (!isMapping(item)) throw new JinjaError('List item is not a valid dict');
    if (!(key in item)) throw new JinjaError(`Key ${key} was not found`);
    const k = pyStr(item[key]);
    if (k in out && (a.duplicates ?? 'error') === 'error') throw new JinjaError(`Key ${k} is not unique, cannot correctly turn into dict`);
    out[k] = item;
  }
  return out;
}

function passwordHash(value: unknown, ...args: unknown[]): string {
  const a = bindArgs('password_hash', args, ['hashtype', 'salt', 'salt_size', 'rounds', 'ident']);
  const type = pyStr(a.hashtype ?? 'sha512');
  const algorithm = type === 'sha512' || type === 'sha512_crypt' ? 'sha512' : type === 'sha256' || type === 'sha256_crypt' ? 'sha256' : undefined;
  if (!algorithm) throw new JinjaError(`password_hash: the hash type '${type}' is not supported by play`, 'play has sha512 and sha256 (crypt); others need passlib in Ansible');
  const salt = a.salt === undefined || a.salt === null ? randomSalt(a.salt_size === undefined ? 16 : Number(a.salt_size)) : pyStr(a.salt);
  return shaCrypt(algorithm, pyStr(value), salt, a.rounds === undefined || a.rounds === null ? undefined : Number(a.rounds));
}

function expandVars(text: string): string {
  return text.replace(/\$(\w+)|\$\{([^}]+)\}/g, (all, a: string | undefined, b: string | undefined) => process.env[(a ?? b) as string] ?? all);
}

function randomFilter(value: unknown, ...args: unknown[]): unknown {
  const a = bindArgs('random', args, ['start', 'step', 'seed']);
  const v = plain(value);
  if (typeof v === 'number') {
    const start = a.start === undefined || a.start === null ? 0 : Number(a.start);
    const step = a.step === undefined || a.step === null ? 1 : Number(a.step);
    const count = Math.ceil((v - start) / step);
    if (count <= 0) throw new JinjaError(`empty range for randrange() (${start}, ${v})`);
    return start + randomInt(count) * step;
  }
  const items = Array.isArray(v) ? v : typeof v === 'string' ? [...v] : isMapping(v) ? Object.keys(v) : undefined;
  if (!items?.length) throw new JinjaError(`random: expected a number or a non-empty sequence, got ${typeName(v)}`);
  return items[randomInt(items.length)];
}

export const ansibleFilters: Record<string, Filter> = {
  format(value, ...args) {
    const { positional, kwargs } = restArgs(args);
    if (positional.length && Object.keys(kwargs).length) throw new JinjaError("can't handle positional and keyword arguments at the same time");
    return pyMod(pyStr(value), Object.keys(kwargs).length ? kwargs : positional);
  },
  extract(item, ...args) {
    const a = bindArgs('extract', args, ['container', 'morekeys']);
    const keys = a.morekeys === undefined || a.morekeys === null ? [item] : Array.isArray(a.morekeys) ? [item, ...a.morekeys] : [item, a.morekeys];
    let value: unknown = a.container;
    for (const key of keys) {
      value = getMember(value, key);
      if (value === undefined) return new Undefined(pyStr(key));
    }
    return value;
  },
  strftime(value, ...args) {
    const a = bindArgs('strftime', args, ['second', 'utc']);
    const seconds = a.second === undefined || a.second === null ? Date.now() / 1000 : Number(a.second);
    if (Number.isNaN(seconds)) throw new JinjaError(`Invalid value for epoch value (${pyStr(a.second)})`);
    return strftime(pyStr(value), new Date(seconds * 1000), a.utc === true);
  },
  /** Python's datetime.strptime: a datetime that subtracts to a timedelta, prints as Python's str(). */
  to_datetime(value, ...args) {
    const { format } = bindArgs('to_datetime', args, ['format']);
    const v = plain(value);
    if (v instanceof PyDateTime) return v;
    return strptime(pyStr(v), format === undefined || format === null ? '%Y-%m-%d %H:%M:%S' : pyStr(format));
  },
  to_uuid(value, ...args) {
    const { namespace } = bindArgs('to_uuid', args, ['namespace']);
    return uuid5(namespace === undefined ? '361E6D51-FAEC-444A-9079-341386DA8E2E' : pyStr(namespace), pyStr(value));
  },
  password_hash: passwordHash,
  path_join(value) {
    const v = plain(value);
    if (isStr(v)) return pyStr(v);
    if (!Array.isArray(v)) throw new JinjaError(`|path_join expects string or sequence, got ${typeName(v)} instead.`);
    // os.path.join: an absolute part starts over
    return v.map(pyStr).reduce((acc, p) => (p.startsWith('/') || acc === '' ? p : acc.endsWith('/') ? acc + p : `${acc}/${p}`), '');
  },
  expanduser: (value) => pyStr(value).replace(/^~(?=\/|$)/, process.env.HOME ?? os.homedir()),
  expandvars: (value) => expandVars(pyStr(value)),
  realpath: (value) => path.resolve(pyStr(value)),
  relpath: (value, start) => path.relative(start === undefined ? process.cwd() : pyStr(start), pyStr(value)) || '.',
  splitext(value) {
    const p = pyStr(value);
    const ext = path.extname(p);
    return tuple([p.slice(0, p.length - ext.length), ext]);
  },
  subelements: subelementsFilter,
  rekey_on_member: rekeyOnMember,
  shuffle(value) {
    const v = plain(value);
    if (!Array.isArray(v) && !isStr(v)) return v;
    return shuffled(Array.isArray(v) ? v : [...pyStr(v)]);
  },
  random: randomFilter,
};
