/**
 * Scalar filters: defaults, type conversion, strings and numbers, with Jinja2/Ansible semantics.
 */
import { boolFilter } from '../util/ansible-boolean.js';
import { bindArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { pyFixed } from './py-format.js';
import { stringMethods } from './pymethods.js';
import { Undefined, isUndefined, plain, pyStr, truthy, typeName } from './python.js';

function bankersRound(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const eps = 1e-9;
  let rounded: number;
  if (Math.abs(diff - 0.5) < eps) rounded = floor % 2 === 0 ? floor : floor + 1;
  else rounded = Math.round(scaled);
  return rounded / factor;
}

function toInt(value: unknown, dflt: unknown, base: number): unknown {
  value = plain(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : dflt;
  if (typeof value === 'string') {
    const s = value.trim().replace(/_/g, '');
    if (base !== 10) {
      const cleaned = s.replace(/^0[xob]/i, '');
      const n = parseInt(cleaned, base);
      return Number.isNaN(n) ? dflt : n;
    }
    if (/^[-+]?\d+$/.test(s)) return parseInt(s, 10);
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Math.trunc(parseFloat(s));
  }
  return dflt;
}

function toFloat(value: unknown, dflt: unknown): unknown {
  value = plain(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)) return parseFloat(value);
  return dflt;
}

/** Ansible's `bool` filter (util/ansible-boolean.ts has its rule, next to boolean()'s). */
export function toBool(value: unknown): boolean | null {
  return boolFilter(plain(value));
}

function indent(value: unknown, ...args: unknown[]): string {
  const a = bindArgs('indent', args, ['width', 'first', 'blank']);
  const width = a.width === undefined ? 4 : a.width;
  const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const text = pyStr(value);
  const lines = text.split('\n');
  const out = lines.map((line, i) => {
    if (i === 0 && a.first !== true) return line;
    if (line === '' && a.blank !== true) return line;
    return pad + line;
  });
  return out.join('\n');
}

export const coreFilters: Record<string, Filter> = {
  default(value, ...args) {
    const a = bindArgs('default', args, ['default_value', 'boolean']);
    const dflt = a.default_value === undefined ? '' : a.default_value;
    if (isUndefined(value)) return dflt;
    if (truthy(a.boolean) && !truthy(value)) return dflt;
    return value;
  },
  mandatory(value, msg) {
    if (isUndefined(value)) {
      const name = value instanceof Undefined ? value.name : 'variable';
      throw new JinjaError(msg === undefined ? `Mandatory variable '${name}' not defined.` : pyStr(msg));
    }
    return value;
  },
  bool: (value) => toBool(value),
  int(value, ...args) {
    const a = bindArgs('int', args, ['default', 'base']);
    return toInt(value, a.default ?? 0, typeof a.base === 'number' ? a.base : 10);
  },
  float(value, ...args) {
    const a = bindArgs('float', args, ['default']);
    // Python's float() reads nan and inf too
    const special = typeof value === 'string' ? /^\s*([+-]?)(nan|inf|infinity)\s*$/i.exec(value) : null;
    if (special) return special[2]?.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    return toFloat(value, a.default ?? 0);
  },
  string: (value) => pyStr(value),
  lower: (value) => pyStr(value).toLowerCase(),
  upper: (value) => pyStr(value).toUpperCase(),
  capitalize: (value) => stringMethods.capitalize?.(pyStr(value)),
  // Jinja's title, not str.title(): a word starts only after a space, '-' or an opening bracket
  title: (value) =>
    pyStr(value)
      .split(/([-\s({[<]+)/)
      .map((item) => (item ? item.charAt(0).toUpperCase() + item.slice(1).toLowerCase() : ''))
      .join(''),
  trim: (value, chars) => stringMethods.strip?.(pyStr(value), chars),
  replace(value, old, neu, count) {
    return stringMethods.replace?.(pyStr(value), pyStr(old), pyStr(neu), count);
  },
  split(value, ...args) {
    const a = bindArgs('split', args, ['sep', 'maxsplit']);
    return stringMethods.split?.(pyStr(value), a.sep, a.maxsplit);
  },
  abs(value) {
    value = plain(value);
    if (typeof value !== 'number' && typeof value !== 'boolean') throw new JinjaError(`bad operand type for abs(): '${typeName(value)}'`);
    return Math.abs(Number(value));
  },
  round(value, ...args) {
    const a = bindArgs('round', args, ['precision', 'method']);
    const n = Number(plain(value));
    const precision = typeof a.precision === 'number' ? a.precision : 0;
    const factor = 10 ** precision;
    if (a.method === 'ceil') return Math.ceil(n * factor) / factor;
    if (a.method === 'floor') return Math.floor(n * factor) / factor;
    return bankersRound(n, precision);
  },
  ternary(value, trueVal, falseVal, noneVal) {
    if (value === null && noneVal !== undefined) return noneVal;
    return truthy(value) ? trueVal : falseVal;
  },
  indent,
  center(value, width = 80) {
    const s = pyStr(value);
    const total = Math.max(0, Number(width) - s.length);
    // str.center: the odd space goes left when both the margin and the width are odd
    const left = Math.floor(total / 2) + (total & Number(width) & 1);
    return ' '.repeat(left) + s + ' '.repeat(total - left);
  },
  filesizeformat(value, ...args) {
    const binary = truthy(bindArgs('filesizeformat', args, ['binary']).binary);
    const bytes = Number(plain(value));
    const base = binary ? 1024 : 1000;
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    let i = 0;
    while (i < prefixes.length - 1 && bytes >= base ** (i + 2)) i++;
    return `${pyFixed((base * bytes) / base ** (i + 2), 1)} ${prefixes[i] as string}`;
  },
  wordcount: (value) => (pyStr(value).match(/\w+/g) ?? []).length,
  type_debug: (value) => typeName(value),
  safe: (value) => value,
};
coreFilters.d = coreFilters.default as Filter;
