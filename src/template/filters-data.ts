/**
 * Serialisation, encoding, hashing and path filters. JSON and YAML output matches what Ansible's
 * Python produces (json.dumps spacing and escaping, PyYAML's sorted keys and flow style for leaf
 * collections) so rendered files do not change when a project moves between the two.
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { shlexQuote } from '../util/shell-quote.js';
import { bindArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { isMapping, isStr, plain, pyStr } from './python.js';
import { pyYamlDump } from './pyyaml.js';

function jsonString(s: string, ensureAscii: boolean): string {
  const json = JSON.stringify(s);
  return ensureAscii ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** Python's json.dumps. */
export function pyJson(value: unknown, opts: { indent?: number | undefined; sortKeys?: boolean; ensureAscii?: boolean }, depth = 0): string {
  value = plain(value);
  const ensureAscii = opts.ensureAscii ?? true;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : Number.isNaN(value) ? 'NaN' : '-Infinity';
  if (typeof value === 'string') return jsonString(value, ensureAscii);
  const indent = opts.indent;
  const nl = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${nl}${value.map((v) => pyJson(v, opts, depth + 1)).join(sep + nl)}${end}]`;
  }
  if (isMapping(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    if (opts.sortKeys) keys.sort();
    return `{${nl}${keys.map((k) => `${jsonString(k, ensureAscii)}: ${pyJson(value[k], opts, depth + 1)}`).join(sep + nl)}${end}}`;
  }
  throw new JinjaError(`Object of type ${typeof value} is not JSON serializable`);
}

/** A number argument of to_yaml/to_nice_yaml, or the default. */
function numberArg(fn: string, name: string, v: unknown, fallback: number | undefined): number | undefined {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new JinjaError(`${fn}: ${name} must be an integer`);
  return v;
}

/** Python codec names to Node's: utf-8, utf-16 (with its BOM), utf-16-le, latin-1, ascii. */
function codec(encoding: unknown): { name: BufferEncoding; bom: boolean } {
  const e = pyStr(encoding ?? 'utf-8').toLowerCase().replace(/_/g, '-');
  if (e === 'utf-8' || e === 'utf8') return { name: 'utf8', bom: false };
  if (e === 'utf-16-le' || e === 'utf-16le') return { name: 'utf16le', bom: false };
  if (e === 'utf-16') return { name: 'utf16le', bom: true };
  if (e === 'latin-1' || e === 'latin1' || e === 'iso-8859-1') return { name: 'latin1', bom: false };
  if (e === 'ascii' || e === 'us-ascii') return { name: 'ascii', bom: false };
  throw new JinjaError(`unknown encoding: ${pyStr(encoding)}`);
}

function b64encode(value: unknown, ...args: unknown[]): string {
  const { name, bom } = codec(bindArgs('b64encode', args, ['encoding']).encoding);
  const bytes = Buffer.from(pyStr(value), name);
  return (bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), bytes]) : bytes).toString('base64');
}

function b64decode(value: unknown, ...args: unknown[]): string {
  const { name, bom } = codec(bindArgs('b64decode', args, ['encoding']).encoding);
  const bytes = Buffer.from(pyStr(value), 'base64');
  return (bom && bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2) : bytes).toString(name);
}

/** Python's urllib.parse.quote with safe='/' (what Jinja2's urlencode uses for strings). */
function urlQuote(s: string): string {
  return urlQuoteQs(s).replace(/%2F/g, '/').replace(/\+/g, '%20');
}

/** Jinja2's url_quote(for_qs=True) for the keys and values of a query string: no safe '/', '+' for space. */
function urlQuoteQs(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function posixBasename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
function posixDirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  const head = p.slice(0, i + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

export const dataFilters: Record<string, Filter> = {
  to_json(value, ...args) {
    const a = bindArgs('to_json', args, ['indent', 'sort_keys', 'ensure_ascii']);
    return pyJson(value, { indent: typeof a.indent === 'number' ? a.indent : undefined, sortKeys: a.sort_keys === true, ensureAscii: a.ensure_ascii !== false });
  },
  to_nice_json(value, ...args) {
    const a = bindArgs('to_nice_json', args, ['indent', 'sort_keys', 'ensure_ascii']);
    return pyJson(value, { indent: typeof a.indent === 'number' ? a.indent : 4, sortKeys: a.sort_keys !== false, ensureAscii: a.ensure_ascii !== false });
  },
  from_json(value) {
    try {
      return JSON.parse(pyStr(value)) as unknown;
    } catch (err) {
      // V8 may quote the text around the error (or its first character), and the text may be a
      // secret: such a message is replaced by one that says where, not what
      const text = (err as Error).message;
      const at = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(text);
      const where = at ? (at[2] ? ` at line ${at[2]} column ${at[3]}` : ` at character ${at[1]}`) : '';
      const quotesValue = text.includes('"') || /^Unexpected token/i.test(text);
      throw new JinjaError(`from_json: ${quotesValue ? `the value is not valid JSON${where}` : text}`);
    }
  },
  to_yaml(value, ...args) {
    const a = bindArgs('to_yaml', args, ['indent', 'width', 'default_flow_style']);
    const flow = a.default_flow_style;
    if (flow !== undefined && flow !== null && typeof flow !== 'boolean') throw new JinjaError('to_yaml: default_flow_style must be true, false or none');
    return pyYamlDump(plain(value), { indent: numberArg('to_yaml', 'indent', a.indent, undefined), width: numberArg('to_yaml', 'width', a.width, undefined), flowStyle: flow ?? undefined });
  },
  to_nice_yaml(value, ...args) {
    const a = bindArgs('to_nice_yaml', args, ['indent', 'width']);
    return pyYamlDump(plain(value), { indent: numberArg('to_nice_yaml', 'indent', a.indent, 4), width: numberArg('to_nice_yaml', 'width', a.width, undefined), flowStyle: false });
  },
  from_yaml(value) {
    if (!isStr(value)) return value;
    try {
      return YAML.parse(String(value)) as unknown;
    } catch (err) {
      throw new JinjaError(`from_yaml: ${(err as Error).message}`);
    }
  },
  from_yaml_all(value) {
    return YAML.parseAllDocuments(pyStr(value)).map((d) => d.toJS() as unknown);
  },
  b64encode,
  b64decode,
  basename: (value) => posixBasename(pyStr(value)),
  dirname: (value) => posixDirname(pyStr(value)),
  // Python's shlex.quote, byte for byte ('"'"' for a quote), so rendered commands match Ansible's
  quote: (value) => shlexQuote(pyStr(value)).replace(/'\\''/g, `'"'"'`),
  hash(value, algorithm = 'sha1') {
    try {
      return createHash(pyStr(algorithm)).update(pyStr(value), 'utf8').digest('hex');
    } catch {
      throw new JinjaError(`hash: unsupported algorithm '${pyStr(algorithm)}'`);
    }
  },
  checksum: (value) => createHash('sha1').update(pyStr(value), 'utf8').digest('hex'),
  md5: (value) => createHash('md5').update(pyStr(value), 'utf8').digest('hex'),
  sha1: (value) => createHash('sha1').update(pyStr(value), 'utf8').digest('hex'),
  urlencode(value) {
    value = plain(value);
    if (isMapping(value)) return Object.entries(value).map(([k, v]) => `${urlQuoteQs(k)}=${urlQuoteQs(pyStr(v))}`).join('&');
    if (Array.isArray(value)) {
      return value.map((pair) => (Array.isArray(pair) ? `${urlQuoteQs(pyStr(pair[0]))}=${urlQuoteQs(pyStr(pair[1]))}` : urlQuote(pyStr(pair)))).join('&');
    }
    return urlQuote(pyStr(value));
  },
};
