import { notABooleanMessage, parseBoolean } from '../../util/ansible-boolean.js';
import { parsePythonLiteral } from '../../util/python-literal.js';

/**
 * The type conversions of a role argument spec, as Ansible 2.14's module_utils/common/validation.py
 * `check_type_*` does them, with the text of their errors (which the validation message quotes),
 * and the few Python spellings of values those messages use.
 */

/** A value that does not convert: `message` is Ansible's reason (after "unable to convert to T: "). */
export class ConversionError extends Error {}

/**
 * Python's type() of a value as the role path prints it: strings read from YAML stay
 * AnsibleUnicode, while lists and dicts are rebuilt (plain list / dict) when the task's
 * arguments are templated.
 */
export function pyType(v: unknown): string {
  if (typeof v === 'string') return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v === null || v === undefined) return "<class 'NoneType'>";
  return "<class 'dict'>";
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function reprString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** Python's str() of a value: what `"%s" % value` writes. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

/** Python's repr() of a value read from YAML. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return reprString(v);
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isMapping(v)) return `{${Object.entries(v).map(([k, x]) => `${reprString(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

/** Python ==: numbers and booleans compare by value (True == 1), containers deeply, strings never equal numbers. */
export function pyEq(a: unknown, b: unknown): boolean {
  const num = (x: unknown): number | undefined => (typeof x === 'boolean' ? Number(x) : typeof x === 'number' ? x : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na === nb;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && pyEq(a[k], b[k]));
  }
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

/** Python's int(text): surrounding whitespace, a sign, and underscores between digits. */
const INT_TEXT = /^\s*[-+]?\d+(_\d+)*\s*$/;
/** Python's float(text), besides what Number() reads: inf/nan words and digit underscores. */
const FLOAT_TEXT = /^\s*[-+]?((\d+(_\d+)*)?\.?\d+(_\d+)*([eE][-+]?\d+)?|\d+(_\d+)*\.|inf(inity)?|nan)\s*$/i;

function parseFloatText(text: string): number | undefined {
  if (!FLOAT_TEXT.test(text)) return undefined;
  const t = text.trim().replace(/_/g, '').toLowerCase();
  if (/^[-+]?nan$/.test(t)) return Number.NaN;
  if (/^[-+]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

/** check_type_dict's key=value reading ("a=1 b='x y'"), quotes and backslashes as Ansible reads them. */
function keyValueDict(text: string): Record<string, unknown> {
  const fields: string[] = [];
  let buffer = '';
  let quote: string | undefined;
  let escape = false;
  for (const c of text.trim()) {
    if (escape) {
      buffer += c;
      escape = false;
    } else if (c === '\\') escape = true;
    else if (!quote && (c === "'" || c === '"')) quote = c;
    else if (quote === c) quote = undefined;
    else if (!quote && (c === ',' || c === ' ')) {
      if (buffer) fields.push(buffer);
      buffer = '';
    } else buffer += c;
  }
  if (buffer) fields.push(buffer);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const eq = f.indexOf('=');
    // Python's dict() of a one-element split fails: the field has no '='
    if (eq < 0) throw new ConversionError(`dictionary update sequence element #${fields.indexOf(f)} has length 1; 2 is required`);
    out[f.slice(0, eq)] = f.slice(eq + 1);
  }
  return out;
}

function toDict(v: unknown): Record<string, unknown> {
  if (isMapping(v)) return v;
  if (typeof v !== 'string') throw new ConversionError(`${pyType(v)} cannot be converted to a dict`);
  if (v.startsWith('{')) {
    try {
      return JSON.parse(v) as Record<string, unknown>;
    } catch {
      const lit = parsePythonLiteral(v);
      if (!lit.ok) throw new ConversionError('unable to evaluate string as dictionary');
      return lit.value as Record<string, unknown>;
    }
  }
  if (v.includes('=')) return keyValueDict(v);
  throw new ConversionError('dictionary requested, could not parse JSON or key=value');
}

const SIZE_RANGES: Record<string, number> = { Y: 2 ** 80, Z: 2 ** 70, E: 2 ** 60, P: 2 ** 50, T: 2 ** 40, G: 2 ** 30, M: 2 ** 20, K: 2 ** 10, B: 1 };

/** human_to_bytes as check_type_bytes/bits use it: "10M", "1Mb" with isBits; any failure is the type's. */
function humanToBytes(v: unknown, isBits: boolean): number {
  const fail = new ConversionError(`${pyType(v)} cannot be converted to a ${isBits ? 'Bit' : 'Byte'} value`);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(pyStr(v));
  const num = m?.[1] ? Number(m[1]) : Number.NaN;
  if (!m || Number.isNaN(num)) throw fail;
  const unit = m[2];
  if (unit === undefined) return Math.round(num);
  const limit = SIZE_RANGES[unit[0]?.toUpperCase() ?? ''];
  if (limit === undefined) throw fail;
  if (unit.length > 1 && !unit.toLowerCase().includes(isBits ? 'bit' : 'byte') && unit[1] !== (isBits ? 'b' : 'B')) throw fail;
  return Math.round(num * limit);
}

/**
 * The value converted to `type` (check_type_<type>), or a ConversionError with Ansible's reason.
 * A type Ansible does not know has no checker: calling it fails as Python's call of None does.
 */
export function convert(type: string, v: unknown): unknown {
  switch (type) {
    case 'str':
    case 'path':
      return pyStr(v);
    case 'raw':
      return v;
    case 'int':
      if (typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) return v;
      if (typeof v === 'string' && INT_TEXT.test(v)) return Number(v.trim().replace(/_/g, ''));
      throw new ConversionError(`${pyType(v)} cannot be converted to an int`);
    case 'float': {
      if (typeof v === 'number' || typeof v === 'boolean') return Number(v);
      const n = typeof v === 'string' ? parseFloatText(v) : undefined;
      if (n === undefined) throw new ConversionError(`${pyType(v)} cannot be converted to a float`);
      return n;
    }
    case 'bool': {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ConversionError(`${pyType(v)} cannot be converted to a bool`);
      const b = parseBoolean(v);
      if (b === undefined) throw new ConversionError(notABooleanMessage(v));
      return b;
    }
    case 'list':
      if (Array.isArray(v)) return v;
      if (typeof v === 'string') return v.split(',');
      if (typeof v === 'number' || typeof v === 'boolean') return [pyStr(v)];
      throw new ConversionError(`${pyType(v)} cannot be converted to a list`);
    case 'dict':
      return toDict(v);
    case 'json':
    case 'jsonarg':
      if (typeof v === 'string') return v.trim();
      if (Array.isArray(v) || isMapping(v)) return JSON.stringify(v);
      throw new ConversionError(`${pyType(v)} cannot be converted to a json string`);
    case 'bytes':
    case 'bits':
      return humanToBytes(v, type === 'bits');
    default:
      throw new ConversionError("'NoneType' object is not callable");
  }
}
