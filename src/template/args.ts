/**
 * Python-style argument binding for filters and tests: nunjucks passes keyword arguments as a
 * trailing object marked `__keywords`; this maps positional and keyword arguments to names.
 */
import { JinjaError } from './errors.js';

export type Filter = (value: unknown, ...args: unknown[]) => unknown;
export type Test = (value: unknown, ...args: unknown[]) => boolean;

function isKeywords(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, '__keywords');
}

/** Binds `args` to `names`; unknown keyword arguments are an error, like in Python. */
export function bindArgs(fn: string, args: readonly unknown[], names: readonly string[]): Record<string, unknown> {
  const last = args[args.length - 1];
  const kwargs = isKeywords(last) ? last : undefined;
  const positional = kwargs ? args.slice(0, -1) : args;
  if (positional.length > names.length) {
    throw new JinjaError(`${fn}() takes at most ${names.length} arguments (${positional.length} given)`);
  }
  const bound: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    bound[names[i] as string] = v;
  });
  if (kwargs) {
    for (const [k, v] of Object.entries(kwargs)) {
      if (k === '__keywords') continue;
      if (!names.includes(k)) throw new JinjaError(`${fn}() got an unexpected keyword argument '${k}'`);
      bound[k] = v;
    }
  }
  return bound;
}

/** Positional arguments only (for filters taking `*args`), dropping the keyword marker object. */
export function restArgs(args: readonly unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (!isKeywords(last)) return { positional: [...args], kwargs: {} };
  const { __keywords: _marker, ...kwargs } = last;
  return { positional: args.slice(0, -1), kwargs };
}
