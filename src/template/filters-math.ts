/**
 * Ansible's math filters (log, pow, root, human_readable, human_to_bytes) and the combinatorics
 * ones (product, permutations, combinations), with Python's results and error messages.
 */
import { bindArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { plain, pyStr, tuple, typeName } from './python.js';

function num(value: unknown, fn: string): number {
  const v = plain(value);
  const n = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw new JinjaError(`${fn}() can only be used on numbers: could not convert ${typeName(v)} to float`);
  return n;
}

/** Ansible's SIZE_RANGES, largest first. */
const SIZE_RANGES: [string, number][] = ['Y', 'Z', 'E', 'P', 'T', 'G', 'M', 'K'].map((p, i) => [p, 2 ** (10 * (8 - i))] as [string, number]).concat([['B', 1]]);

/** Ansible's formatters.bytes_to_human. */
function bytesToHuman(size: number, isbits: boolean, unit: string | undefined): string {
  const base = isbits ? 'bits' : 'Bytes';
  let chosen: [string, number] = ['B', 1];
  for (const range of SIZE_RANGES) {
    chosen = range;
    if (unit === undefined ? size >= range[1] : unit.toUpperCase() === range[0]) break;
  }
  const suffix = chosen[1] !== 1 ? `${chosen[0]}${base[0]}` : base;
  return `${(size / chosen[1]).toFixed(2)} ${suffix}`;
}

/** Ansible's formatters.human_to_bytes. */
function humanToBytes(value: unknown, defaultUnit: unknown, isbits: boolean): number {
  const text = pyStr(plain(value));
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(text);
  const n = m && m[1] !== '' && m[1] !== '.' ? Number(m[1]) : NaN;
  if (!m || Number.isNaN(n)) throw new JinjaError(`human_to_bytes() can't interpret following string: ${text}`);
  const unit = m[2] ?? (defaultUnit === undefined || defaultUnit === null ? undefined : pyStr(defaultUnit));
  if (unit === undefined) return Math.round(n);
  const key = (unit[0] as string).toUpperCase();
  const limit = SIZE_RANGES.find(([p]) => p === key)?.[1];
  if (limit === undefined) throw new JinjaError(`human_to_bytes() failed to convert ${text} (unit = ${unit}). The suffix must be one of ${SIZE_RANGES.map(([p]) => p).join(', ')}`);
  const [cls, clsName] = isbits ? ['b', 'bit'] : ['B', 'byte'];
  if (unit.length > 1 && !unit.toLowerCase().includes(clsName) && unit[1] !== cls) {
    const expect = key === 'B' ? `expect ${cls} or ${clsName}` : `expect ${key}${cls} or ${key}`;
    throw new JinjaError(`human_to_bytes() failed to convert ${text}. Value is not a valid string (${expect})`);
  }
  return Math.round(n * limit);
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((v) => [...prefix, v])), [[]]).map((t) => tuple(t));
}

function permutations(items: unknown[], r: number): unknown[][] {
  if (r === 0) return [[]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)], r - 1).map((rest) => [x, ...rest]));
}

function combinations(items: unknown[], r: number): unknown[][] {
  if (r === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), r - 1).map((rest) => [x, ...rest]));
}

const listOf = (v: unknown): unknown[] => {
  const p = plain(v);
  return Array.isArray(p) ? p : typeof p === 'string' ? [...p] : p && typeof p === 'object' ? Object.keys(p) : [];
};

export const mathFilters: Record<string, Filter> = {
  log(value, ...args) {
    const { base } = bindArgs('log', args, ['base']);
    const x = num(value, 'log');
    if (base === undefined) return Math.log(x);
    const b = num(base, 'log');
    return b === 10 ? Math.log10(x) : Math.log(x) / Math.log(b);
  },
  pow: (value, y) => num(value, 'pow') ** num(y, 'pow'),
  root(value, ...args) {
    const { base } = bindArgs('root', args, ['base']);
    const x = num(value, 'root');
    const b = base === undefined ? 2 : num(base, 'root');
    return b === 2 ? Math.sqrt(x) : x ** (1 / b);
  },
  human_readable(value, ...args) {
    const a = bindArgs('human_readable', args, ['isbits', 'unit']);
    return bytesToHuman(num(value, 'human_readable'), a.isbits === true, a.unit === undefined || a.unit === null ? undefined : pyStr(a.unit));
  },
  human_to_bytes(value, ...args) {
    const a = bindArgs('human_to_bytes', args, ['default_unit', 'isbits']);
    return humanToBytes(value, a.default_unit, a.isbits === true);
  },
  product: (value, ...others) => product([listOf(value), ...others.map(listOf)]),
  permutations(value, ...args) {
    const items = listOf(value);
    const r = args[0] === undefined || args[0] === null ? items.length : Number(args[0]);
    return permutations(items, r).map((t) => tuple(t));
  },
  combinations: (value, r) => combinations(listOf(value), Number(r)).map((t) => tuple(t)),
};
