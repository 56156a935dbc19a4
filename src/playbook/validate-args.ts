import type { z } from 'zod';
import { ParseError, type SourcePos } from '../errors.js';
import { acceptedNames, validateModuleArgs, type ConstraintViolation } from '../modules/arg-spec.js';
import type { ModuleDefinition } from '../modules/types.js';
import { didYouMean } from '../util/suggest.js';
import { keyPosOf } from './yaml.js';

/** Argument names (aliases included) a module's schema accepts, when it is an object schema. */
export function argNames(mod: ModuleDefinition): string[] | undefined {
  const shape = (mod.args as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? acceptedNames(shape, mod.aliases) : undefined;
}

function hasTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('{%');
  if (Array.isArray(v)) return v.some(hasTemplate);
  if (v && typeof v === 'object') return Object.values(v).some(hasTemplate);
  return false;
}

/**
 * Load-time check, before any host is touched: unknown argument names always; types too when
 * no value depends on a variable (those are checked again after templating, per host).
 */
export function checkArgNames(mod: ModuleDefinition, args: Record<string, unknown>, raw: Record<string, unknown>, action: string, pos: SourcePos): void {
  const names = argNames(mod);
  const argsObj = raw[action] && typeof raw[action] === 'object' ? raw[action] : undefined;
  if (names) {
    for (const key of Object.keys(args)) {
      if (!names.includes(key)) {
        throw new ParseError('UNKNOWN_ARG', `${action}: unsupported argument '${key}'`, {
          source: keyPosOf(argsObj, key) ?? pos,
          hint: didYouMean(key, names) ?? `supported: ${names.filter((n) => !n.startsWith('_')).join(', ')}`,
        });
      }
    }
  }
  if (!hasTemplate(args)) {
    const res = validateModuleArgs(mod, args);
    if (res.ok) return;
    throw 'violation' in res ? constraintError(action, res.violation, argsObj, pos) : argsError(action, res.zodError, argsObj, pos, args);
  }
}

/** A broken mutually_exclusive/required_* rule, pointing at the first argument involved. */
export function constraintError(action: string, violation: ConstraintViolation, argsObj: unknown, pos: SourcePos): ParseError {
  const first = violation.args[0];
  return new ParseError('ARG_CONSTRAINT', `${action}: ${violation.message}`, {
    source: (first === undefined ? undefined : keyPosOf(argsObj, first)) ?? pos,
    hint: violation.hint,
  });
}

/** The types a union accepts, from zod's per-branch issues ("string or number"). */
function unionExpected(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const types = new Set<string>();
  for (const branch of issue.errors) for (const i of branch) if (i.code === 'invalid_type' && i.path.length === 0) types.add(i.expected);
  return types.size ? [...types].join(' or ') : undefined;
}

export function argsError(action: string, error: z.ZodError, argsObj: unknown, pos: SourcePos, args?: Record<string, unknown>): ParseError {
  const issue = error.issues[0];
  const key = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
  if (key !== undefined && args && !(key in args) && issue?.code === 'invalid_type' && issue.path.length === 1) {
    return new ParseError('MISSING_ARG', `${action}: missing required argument '${key}'`, { source: pos, hint: `add "${key}:" to the arguments (see docs/modules.md)` });
  }
  const where = key === undefined ? '' : ` '${issue?.path.join('.')}'`;
  let message = issue?.message ?? 'invalid arguments';
  if (issue?.code === 'invalid_type') message = `expected ${issue.expected}`;
  const union = issue ? unionExpected(issue) : undefined;
  if (union) message = `expected ${union}`;
  if (issue?.code === 'invalid_value' && 'values' in issue) message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return new ParseError('BAD_ARG_VALUE', `${action}: invalid argument${where}: ${message}`, {
    source: (key === undefined ? undefined : keyPosOf(argsObj, key)) ?? pos,
    hint: 'see docs/modules.md for each argument and its type',
  });
}
