/**
 * Jinja2 built-in filters that nunjucks lacks or has with other semantics: tojson (Jinja's
 * HTML-safe json.dumps with sorted keys), xmlattr, attr and items.
 */
import { bindArgs } from './args.js';
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { pyJson } from './filters-data.js';
import { Undefined, isMapping, isUndefined, plain, pyStr, tuple, typeName } from './python.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/** markupsafe's escape(), as xmlattr applies it to names and values. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

export const jinjaFilters: Record<string, Filter> = {
  tojson(value, ...args) {
    const a = bindArgs('tojson', args, ['indent']);
    const indent = typeof a.indent === 'number' ? a.indent : undefined;
    return pyJson(value, { indent, sortKeys: true }).replace(/[<>&']/g, (c) => JSON_ESCAPES[c] as string);
  },
  xmlattr(value, autospace = true) {
    const d = plain(value);
    if (!isMapping(d)) throw new JinjaError(`xmlattr: expected a dict, got ${typeName(d)}`);
    const items: string[] = [];
    for (const [key, v] of Object.entries(d)) {
      if (v === null || isUndefined(v)) continue;
      if (/[\s/>=]/.test(key)) throw new JinjaError(`Invalid character in attribute name: '${key}'`);
      items.push(`${escapeHtml(key)}="${escapeHtml(pyStr(v))}"`);
    }
    const rv = items.join(' ');
    return autospace !== false && rv ? ` ${rv}` : rv;
  },
  // attributes, not keys: a dict's keys are not its attributes in Python
  attr(value, name) {
    const v = plain(value);
    if (v === null || isUndefined(v) || isMapping(v) || Array.isArray(v) || typeof v !== 'object') return new Undefined(pyStr(name));
    return Object.prototype.hasOwnProperty.call(v, pyStr(name)) ? (v as Record<string, unknown>)[pyStr(name)] : new Undefined(pyStr(name));
  },
  items(value) {
    const v = plain(value);
    if (isUndefined(v)) return [];
    if (!isMapping(v)) throw new JinjaError(`Can only get item pairs from a mapping, not ${typeName(v)}`);
    return Object.entries(v).map(([k, x]) => tuple([k, x]));
  },
};
