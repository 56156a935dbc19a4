/**
 * Python value semantics for template expressions: truthiness, str()/repr(), equality, ordering and
 * the arithmetic operators. Jinja2 inherits these from Python and Ansible users rely on them
 * (`{% if [] %}` is false, `{{ true }}` prints "True", `[1] + [2]` is a list).
 */
import { PyDateTime, PyTimedelta, dateAdd, dateSub } from './datetime.js';
import { JinjaError } from './errors.js';
import { nj } from './nunjucks-internals.js';

/**
 * A variable that was looked up where Jinja2 tolerates undefined values (`is defined`, `default`).
 * Ansible's undefined is chainable: attribute access on it yields itself, so `x.y | default(1)` works.
 */
export class Undefined {
  constructor(readonly name: string) {}
  toString(): string {
    return '';
  }
}

export function isUndefined(value: unknown): value is Undefined | undefined {
  return value === undefined || value instanceof Undefined;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Undefined || value instanceof nj.runtime.SafeString) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Strings, including nunjucks' SafeString (what macros return). */
export function isStr(value: unknown): value is string | object {
  return typeof value === 'string' || value instanceof nj.runtime.SafeString;
}

/** Normalises values produced by nunjucks internals (SafeString) to plain JS data. */
export function plain(value: unknown): unknown {
  if (value instanceof nj.runtime.SafeString) return String(value);
  return value;
}

export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value instanceof Undefined) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof nj.runtime.SafeString) return String(value).length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python's str(): what `~`, `join` and `string` produce. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'None';
  if (value === undefined || value instanceof Undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (value instanceof nj.runtime.SafeString) return String(value);
  if (Array.isArray(value) || isMapping(value)) return pyRepr(value);
  return String(value);
}

/** What `{{ value }}` writes into text: like str(), except None renders as '' (Ansible's finalize). */
export function outputStr(value: unknown): string {
  return value === null ? '' : pyStr(value);
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

const TUPLE = Symbol('tuple');

/** Marks a list as a Python tuple (from zip, product, items()…): it prints as (a, b). */
export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

const FIELDS = Symbol('fields');

/** A Python namedtuple: a tuple whose items are also read by name (`group.grouper`). */
export function namedTuple<T>(items: T[], fields: string[]): T[] {
  Object.defineProperty(tuple(items), FIELDS, { value: fields });
  return items;
}

/** The item of a namedtuple called `name`, or undefined (a plain list has no named fields). */
export function namedField(items: readonly unknown[], name: string): unknown {
  const fields = (items as { [FIELDS]?: string[] })[FIELDS];
  const i = fields?.indexOf(name) ?? -1;
  return i >= 0 ? items[i] : undefined;
}

/** Python's repr(), used when a list or dict is written into text: ['a', 1, True]. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return reprString(value);
  if (value instanceof nj.runtime.SafeString) return reprString(String(value));
  if (Array.isArray(value)) {
    if (TUPLE in value) return `(${value.map(pyRepr).join(', ')}${value.length === 1 ? ',' : ''})`;
    return `[${value.map(pyRepr).join(', ')}]`;
  }
  if (isMapping(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return pyStr(value);
}

function reprString(s: string): string {
  const useDouble = s.includes("'") && !s.includes('"');
  const q = useDouble ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return q + (useDouble ? body : body.replace(/'/g, "\\'")) + q;
}

export function typeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (value === undefined || value instanceof Undefined) return 'AnsibleUndefined';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (isStr(value)) return 'str';
  if (Array.isArray(value)) return 'list';
  if (isMapping(value)) return 'dict';
  if (value instanceof PyDateTime) return 'datetime';
  if (value instanceof PyTimedelta) return 'timedelta';
  return typeof value;
}

/** Python ==: deep for lists and dicts, numeric across int/float/bool, never coercing strings. */
export function pyEquals(a: unknown, b: unknown): boolean {
  a = plain(a);
  b = plain(b);
  if (a instanceof Undefined || b instanceof Undefined) return false;
  if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')) {
    return Number(a) === Number(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEquals(a[k], b[k]));
  }
  return a === b;
}

/** Python ordering (<, >): numbers with numbers, strings with strings, lists element-wise. */
export function pyCompare(a: unknown, b: unknown): number {
  a = plain(a);
  b = plain(b);
  const numA = typeof a === 'number' || typeof a === 'boolean';
  const numB = typeof b === 'number' || typeof b === 'boolean';
  if (numA && numB) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyDateTime && b instanceof PyDateTime) || (a instanceof PyTimedelta && b instanceof PyTimedelta)) return a.valueOf() - b.valueOf();
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw new JinjaError(
    `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
    typeof a === 'string' || typeof b === 'string' ? "convert with '| int' or '| float' before comparing numbers" : undefined,
  );
}

export function compareOp(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pyEquals(a, b);
    case '!=':
    case '!==':
      return !pyEquals(a, b);
    case '<':
      return pyCompare(a, b) < 0;
    case '>':
      return pyCompare(a, b) > 0;
    case '<=':
      return pyCompare(a, b) <= 0;
    case '>=':
      return pyCompare(a, b) >= 0;
    default:
      throw new JinjaError(`unknown comparison operator ${op}`);
  }
}

/** Python `in`: substring for strings, deep membership for lists, key membership for dicts. */
export function pyContains(container: unknown, item: unknown): boolean {
  container = plain(container);
  if (typeof container === 'string') {
    const needle = plain(item);
    if (typeof needle !== 'string') throw new JinjaError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return container.includes(needle);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isMapping(container)) return Object.prototype.hasOwnProperty.call(container, String(plain(item)));
  throw new JinjaError(`argument of type '${typeName(container)}' is not iterable`);
}

export function pyAdd(a: unknown, b: unknown): unknown {
  a = plain(a);
  b = plain(b);
  const date = dateAdd(a, b);
  if (date) return date;
  if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')) {
    return Number(a) + Number(b);
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw new JinjaError(
    `unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`,
    "use '~' to join values as text, or '| int' to add numbers",
  );
}

export function pySub(a: unknown, b: unknown): unknown {
  a = plain(a);
  b = plain(b);
  if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')) return Number(a) - Number(b);
  const date = dateSub(a, b);
  if (date) return date;
  throw new JinjaError(`unsupported operand type(s) for -: '${typeName(a)}' and '${typeName(b)}'`);
}

export function pyMul(a: unknown, b: unknown): unknown {
  a = plain(a);
  b = plain(b);
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  const [seq, n] = typeof b === 'number' ? [a, b] : [b, a];
  if (typeof n === 'number' && Number.isInteger(n)) {
    if (typeof seq === 'string') return seq.repeat(Math.max(0, n));
    if (Array.isArray(seq)) return Array.from({ length: Math.max(0, n) }, () => seq).flat();
  }
  throw new JinjaError(`unsupported operand type(s) for *: '${typeName(a)}' and '${typeName(b)}'`);
}
