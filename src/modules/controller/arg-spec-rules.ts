import type { Groups, SpecConstraints } from './arg-spec-schema.js';
import { pyEq, pyStr } from './arg-spec-types.js';

/**
 * The rules across options of a role argument spec (Ansible 2.14's validation.py check_*):
 * mutually_exclusive, required_together, required_one_of, required_if, required_by. An option
 * counts as given when its key is there, even holding null (count_terms), except for
 * required_by, which wants a value.
 */

type Params = Record<string, unknown>;

/** " found in a -> b", the place of a nested option in Ansible's messages (quoted in some). */
export const found = (ctx: readonly string[], quoted: boolean): string => (ctx.length === 0 ? '' : quoted ? ` found in '${ctx.join(' -> ')}'` : ` found in ${ctx.join(' -> ')}`);
const names = (group: Groups[number]): string[] => (typeof group === 'string' ? [group] : group);
const countTerms = (group: Groups[number], params: Params): number => new Set(names(group).filter((n) => n in params)).size;

/** The additional checks, each reporting its first broken rule (validation.py's check_*). */
export function checkRules(rules: SpecConstraints, params: Params, ctx: readonly string[]): string[] {
  const errors: string[] = [];
  const exclusive = (rules.mutually_exclusive ?? []).filter((g) => countTerms(g, params) > 1);
  if (exclusive.length) errors.push(`parameters are mutually exclusive: ${exclusive.map((g) => names(g).join('|')).join(', ')}${found(ctx, false)}`);
  const together = (rules.required_together ?? []).find((g) => names(g).some((n) => countTerms(n, params) > 0) && names(g).some((n) => countTerms(n, params) === 0));
  if (together) errors.push(`parameters are required together: ${names(together).join(', ')}${found(ctx, false)}`);
  const oneOf = (rules.required_one_of ?? []).find((g) => countTerms(g, params) === 0);
  if (oneOf) errors.push(`one of the following is required: ${names(oneOf).join(', ')}${found(ctx, false)}`);
  for (const req of rules.required_if ?? []) {
    const [key, value, wanted, anyOf] = req as [string, unknown, string | string[], unknown];
    if (!(String(key) in params) || !pyEq(params[String(key)], value)) continue;
    const missing = names(wanted).filter((n) => countTerms(n, params) === 0);
    if (missing.length && missing.length >= (anyOf ? names(wanted).length : 0)) {
      errors.push(`${String(key)} is ${pyStr(value)} but ${anyOf ? 'any' : 'all'} of the following are missing: ${missing.join(', ')}${found(ctx, false)}`);
      break;
    }
  }
  for (const [key, wanted] of Object.entries(rules.required_by ?? {})) {
    if (params[key] === undefined || params[key] === null) continue;
    const missing = names(wanted).filter((n) => params[n] === undefined || params[n] === null);
    if (missing.length) {
      errors.push(`missing parameter(s) required by '${key}': ${missing.join(', ')}${found(ctx, false)}`);
      break;
    }
  }
  return errors;
}

