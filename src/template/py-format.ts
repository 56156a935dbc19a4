/**
 * Python's two string formatting languages as templates use them: printf-style `'%05.2f' % x`
 * (and Jinja's `format` filter) and `str.format`'s format spec (`'{:>8.2f}'.format(x)`). Both
 * share the number conversions below, so `%e`, `%g`, `%o`, `%x` print what Python prints.
 */
import { JinjaError } from './errors.js';
import { isMapping, plain, pyRepr, pyStr, typeName } from './python.js';

/**
 * Python's fixed notation. toFixed rounds an exact tie up (2.25 -> 2.3); Python rounds it to even
 * (2.2). A tie is exact when the double's full expansion (exact within 100 digits) is d...d5000.
 */
export function pyFixed(a: number, precision: number): string {
  const s = a.toFixed(precision);
  if (precision > 80 || Math.abs(a) >= 1e21) return s;
  const full = a.toFixed(100);
  const cut = full.indexOf('.') + 1 + precision;
  if (!/^50*$/.test(full.slice(cut))) return s;
  const down = full.slice(0, precision === 0 ? cut - 1 : cut);
  const lastDigit = Number(down[down.length - 1]);
  return lastDigit % 2 === 0 ? down : s;
}

/** Python's exponent notation: at least two exponent digits (1.5e+04, not 1.5e+4). */
function exponential(n: number, precision: number, upper: boolean): string {
  const s = n.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

/** `%g`: fixed or exponent notation by the exponent, trailing zeros dropped unless `alt`. */
function general(n: number, precision: number, upper: boolean, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const exp = Number(n.toExponential(p - 1).split('e')[1]);
  let s = exp >= -4 && exp < p ? pyFixed(n, p - 1 - exp) : exponential(n, p - 1, upper);
  if (!alt) s = s.replace(/(\.\d*?)0+(?=$|e|E)/, '$1').replace(/\.(?=$|e|E)/, '');
  return s;
}

/** A number's digits (no sign) for one conversion type, or undefined when the type is not numeric. */
function numberDigits(n: number, type: string, precision: number | undefined, alt: boolean): string | undefined {
  const a = Math.abs(n);
  if (!Number.isFinite(a)) return Number.isNaN(a) ? (type === type.toUpperCase() && type !== 'd' ? 'NAN' : 'nan') : /[EFG]/.test(type) ? 'INF' : 'inf';
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
    case 'n':
      return String(Math.trunc(a));
    case 'x':
      return (alt ? '0x' : '') + Math.trunc(a).toString(16);
    case 'X':
      return (alt ? '0X' : '') + Math.trunc(a).toString(16).toUpperCase();
    case 'o':
      return (alt ? '0o' : '') + Math.trunc(a).toString(8);
    case 'b':
      return (alt ? '0b' : '') + Math.trunc(a).toString(2);
    case 'f':
    case 'F':
      return pyFixed(a, precision ?? 6);
    case 'e':
    case 'E':
      return exponential(a, precision ?? 6, type === 'E');
    case 'g':
    case 'G':
      return general(a, precision ?? 6, type === 'G', alt);
    case '%':
      return `${pyFixed(a * 100, precision ?? 6)}%`;
    default:
      return undefined;
  }
}

function signOf(n: number, flag: string): string {
  if (n < 0 || Object.is(n, -0)) return '-';
  return flag === '+' ? '+' : flag === ' ' ? ' ' : '';
}

function numeric(value: unknown, conv: string): number {
  const v = plain(value);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new JinjaError(`%${conv} format: a real number is required, not ${typeName(v)}`);
}

/** printf-style formatting: `fmt % args` for a tuple/list, a mapping (`%(key)s`) or one value. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional = Array.isArray(args) ? args : [args];
  let next = 0;
  const pattern = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/g;
  return fmt.replace(pattern, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const w = width === '*' ? Number(positional[next++]) : width === undefined ? 0 : Number(width);
    const value = key !== undefined && isMapping(args) ? args[key] : positional[next++];
    const precision = prec === undefined ? undefined : Number(prec);
    let body: string;
    let sign = '';
    if (conv === 's' || conv === 'r' || conv === 'a') {
      body = conv === 's' ? pyStr(value) : pyRepr(value);
      if (precision !== undefined) body = body.slice(0, precision);
    } else if (conv === 'c') {
      const v = plain(value);
      body = typeof v === 'number' ? String.fromCodePoint(v) : pyStr(v);
    } else {
      const n = numeric(value, conv);
      sign = signOf(n, flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '');
      body = numberDigits(n, conv, precision, flags.includes('#')) ?? '';
    }
    const pad = w - sign.length - body.length;
    if (pad <= 0) return sign + body;
    if (flags.includes('-')) return sign + body + ' '.repeat(pad);
    if (flags.includes('0') && sign !== undefined && !/[src]/.test(conv)) return sign + '0'.repeat(pad) + body;
    return ' '.repeat(pad) + sign + body;
  });
}

/** Commas or underscores between groups of three digits (the `,`/`_` option of a format spec). */
function group(digits: string, sep: string): string {
  const [int = '', frac] = digits.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** `format(value, spec)`: the format spec of str.format's `{:spec}` fields. */
export function formatSpec(value: unknown, spec: string): string {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw new JinjaError(`Invalid format specifier '${spec}'`);
  const [, fillChar, alignChar, signFlag = '', alt, zero, width, grouping, prec, type] = m;
  const v = plain(value);
  const precision = prec === undefined ? undefined : Number(prec);
  let sign = '';
  let body: string;
  let numericValue = false;
  if (typeof v === 'number' && type !== 's' && type !== 'c') {
    numericValue = true;
    sign = signOf(v, signFlag);
    const t = type ?? (Number.isInteger(v) && precision === undefined ? 'd' : precision === undefined ? '' : 'g');
    body = t === '' ? pyStr(Math.abs(v)) : (numberDigits(v, t, precision, alt !== undefined) ?? '');
    if (grouping) body = group(body, grouping);
  } else {
    if (type !== undefined && type !== 's') throw new JinjaError(`Unknown format code '${type}' for object of type '${typeName(v)}'`);
    body = pyStr(v);
    if (precision !== undefined) body = body.slice(0, precision);
  }
  const total = Number(width ?? 0);
  const fill = fillChar ?? (zero && !alignChar ? '0' : ' ');
  const align = alignChar ?? (zero ? '=' : numericValue ? '>' : '<');
  const pad = total - sign.length - body.length;
  if (pad <= 0) return sign + body;
  if (align === '<') return sign + body + fill.repeat(pad);
  if (align === '>') return fill.repeat(pad) + sign + body;
  if (align === '=') return sign + fill.repeat(pad) + body;
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + sign + body + fill.repeat(pad - left);
}

/** `%`: modulo for numbers (Python sign rules), printf-style formatting for strings. */
export function pyMod(a: unknown, b: unknown): unknown {
  a = plain(a);
  if (typeof a === 'string') return percentFormat(a, plain(b));
  if (typeof a === 'number' && typeof b === 'number') return ((a % b) + b) % b;
  throw new JinjaError(`unsupported operand type(s) for %: '${typeName(a)}' and '${typeName(b)}'`);
}
