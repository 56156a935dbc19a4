/**
 * Lookup plugins: `lookup('name', …)`, `query('name', …)` / `q(…)`, and `with_<name>:` loops all
 * run the same plugin. What `lookup()` returns follows Ansible: a list of strings is joined with
 * commas, one value is itself, anything else stays a list; `query()` always returns the list.
 */
import { randomInt } from 'node:crypto';
import { JinjaError, UndefinedLookup } from '../errors.js';
import { pyRegExp } from '../regex.js';
import { pyStr } from '../python.js';
import { fileLookups } from './files.js';
import { listLookups } from './lists.js';
import type { LookupHost, LookupPlugin } from './types.js';

export type { LookupHost, LookupPlugin } from './types.js';

const env: LookupPlugin = (terms, o) => terms.map((t) => process.env[pyStr(t)] ?? (o.default === undefined ? '' : o.default));

const vars: LookupPlugin = (terms, o, host) =>
  terms.map((t) => {
    const v = host.variable(pyStr(t));
    // an undefined variable, which errors='ignore' does not hide (Ansible re-raises it)
    if (v === undefined && o.default === undefined) throw new UndefinedLookup(pyStr(t), undefined, undefined);
    return v ?? o.default;
  });

const varnames: LookupPlugin = (terms, _o, host) => {
  const names = host.variableNames();
  return terms.flatMap((t) => {
    const re = pyRegExp(pyStr(t), {});
    return names.filter((n) => re.test(n));
  });
};

const randomChoice: LookupPlugin = (terms) => (terms.length ? [terms[randomInt(terms.length)]] : []);

const PLUGINS: Record<string, LookupPlugin> = { env, vars, varnames, random_choice: randomChoice, ...listLookups, ...fileLookups };

export const LOOKUP_NAMES = Object.keys(PLUGINS).filter((n) => !n.includes(':')).sort();

/**
 * Runs a plugin; `errors: ignore|warn` turn a failure (other than an undefined variable) into
 * `null`, which lookup() gives as None and query() as [], as in Ansible.
 */
export function runLookup(name: string, terms: unknown[], options: Record<string, unknown>, host: LookupHost): unknown[] | null {
  const plugin = Object.prototype.hasOwnProperty.call(PLUGINS, name) ? PLUGINS[name] : undefined;
  if (!plugin) {
    throw new JinjaError(`lookup plugin '${name}' not found`, `play has these lookups: ${LOOKUP_NAMES.join(', ')}; collection and Python-only lookups are not available`);
  }
  const { errors, wantlist: _w, ...rest } = options;
  try {
    return plugin(terms, rest, host);
  } catch (err) {
    if ((errors === 'ignore' || errors === 'warn') && !(err instanceof UndefinedLookup)) return null;
    throw err;
  }
}

/** `lookup()`'s value from the plugin's list. */
export function lookupValue(values: unknown[]): unknown {
  if (!values.length) return values;
  if (values.every((v) => typeof v === 'string')) return values.join(',');
  return values.length === 1 ? values[0] : values;
}
