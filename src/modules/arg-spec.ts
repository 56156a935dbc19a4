/**
 * What Ansible's argument_spec declares besides types, checked in one place before any plan():
 * aliases, mutually_exclusive, required_one_of, required_together, required_if and required_by,
 * with Ansible's messages (module_utils/common/validation.py).
 */
import type { z } from 'zod';
import type { ModuleDefinition } from './types.js';

/** Canonical argument name → the other names it may be written as (`path: ['dest', 'name']`). */
export type ArgAliases = Readonly<Record<string, readonly string[]>>;

/** Ansible's required_if entry: when `name` is `is`, the `require`d arguments must be given. */
export interface RequiredIf {
  name: string;
  is: unknown;
  require: readonly string[];
  /** One of `require` is enough (Ansible's fourth element, `True`); otherwise all are needed. */
  anyOf?: boolean | undefined;
  /** The module's own wording where Ansible's module words it itself ("line is required with state=present"). */
  message?: string | undefined;
}

export interface ArgConstraints {
  /** At most one argument of each group. */
  mutuallyExclusive?: readonly (readonly string[])[] | undefined;
  /** At least one argument of each group. */
  requiredOneOf?: readonly (readonly string[])[] | undefined;
  /** All of a group's arguments, or none. */
  requiredTogether?: readonly (readonly string[])[] | undefined;
  requiredIf?: readonly RequiredIf[] | undefined;
  /** An argument, when given, needs these others. */
  requiredBy?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** A broken constraint: Ansible's message, and the arguments involved (the first is pointed at). */
export interface ConstraintViolation {
  message: string;
  args: readonly string[];
  hint: string;
}

/**
 * Rewrites aliases to their canonical names. The canonical name wins when both are given, as
 * Ansible keeps the option and ignores its alias (with a warning).
 */
export function resolveAliases(aliases: ArgAliases | undefined, args: Record<string, unknown>): Record<string, unknown> {
  if (!aliases) return args;
  const canonicalOf = new Map<string, string>();
  for (const [canonical, names] of Object.entries(aliases)) for (const n of names) canonicalOf.set(n, canonical);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    const canonical = canonicalOf.get(key);
    if (canonical === undefined) out[key] = value;
    else if (!(canonical in args) && !(canonical in out)) out[canonical] = value;
  }
  return out;
}

const given = (args: Record<string, unknown>, name: string): boolean => args[name] !== undefined && args[name] !== null;
const count = (args: Record<string, unknown>, names: readonly string[]): number => names.filter((n) => given(args, n)).length;

/** Checked on the arguments as written (aliases resolved, before defaults), as Ansible does. */
export function checkMutuallyExclusive(constraints: ArgConstraints | undefined, args: Record<string, unknown>): ConstraintViolation | undefined {
  const broken = (constraints?.mutuallyExclusive ?? []).filter((group) => count(args, group) > 1);
  if (!broken.length) return undefined;
  const first = broken[0] ?? [];
  return {
    message: `parameters are mutually exclusive: ${broken.map((g) => g.join('|')).join(', ')}`,
    args: first.filter((n) => given(args, n)),
    hint: `give only one of ${first.join(', ')}`,
  };
}

/** Checked on the validated arguments (types converted, defaults set), as Ansible does. */
export function checkRequirements(constraints: ArgConstraints | undefined, args: Record<string, unknown>): ConstraintViolation | undefined {
  for (const group of constraints?.requiredOneOf ?? []) {
    if (count(args, group) === 0) return { message: `one of the following is required: ${group.join(', ')}`, args: [], hint: `add one of ${group.join(', ')}` };
  }
  for (const group of constraints?.requiredTogether ?? []) {
    const n = count(args, group);
    if (n > 0 && n < group.length) {
      return {
        message: `parameters are required together: ${group.join(', ')}`,
        args: group.filter((g) => given(args, g)),
        hint: `add ${group.filter((g) => !given(args, g)).join(', ')}, or leave out ${group.filter((g) => given(args, g)).join(', ')}`,
      };
    }
  }
  for (const rule of constraints?.requiredIf ?? []) {
    if (!given(args, rule.name) || args[rule.name] !== rule.is) continue;
    const missing = rule.require.filter((r) => !given(args, r));
    if (missing.length === 0 || (rule.anyOf && missing.length < rule.require.length)) continue;
    const requires = rule.anyOf ? 'any' : 'all';
    return {
      message: rule.message ?? `${rule.name} is ${pyStr(rule.is)} but ${requires} of the following are missing: ${missing.join(', ')}`,
      args: [rule.name],
      hint: `with ${rule.name}=${pyStr(rule.is)}, add ${rule.anyOf ? `one of ${missing.join(', ')}` : missing.join(', ')}`,
    };
  }
  for (const [name, needs] of Object.entries(constraints?.requiredBy ?? {})) {
    if (!given(args, name)) continue;
    const missing = needs.filter((r) => !given(args, r));
    if (missing.length) return { message: `missing parameter(s) required by '${name}': ${missing.join(', ')}`, args: [name], hint: `add ${missing.join(', ')}` };
  }
  return undefined;
}

/** How Ansible prints the value in "state is present but…" (Python's str: True, not true). */
function pyStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** Every name an argument may be given as: canonical names and their aliases. */
export function acceptedNames(shape: Record<string, unknown>, aliases: ArgAliases | undefined): string[] {
  return [...Object.keys(shape), ...Object.values(aliases ?? {}).flat()];
}

export type ArgsResult<T> = { ok: true; data: T } | { ok: false; zodError: z.ZodError } | { ok: false; violation: ConstraintViolation };

/**
 * The one validation of a module's arguments, in Ansible's order: aliases, mutual exclusion on
 * what was written, types and defaults (zod), then the other requirements on the typed values.
 */
export function validateModuleArgs<S extends z.ZodType>(mod: ModuleDefinition<S>, args: Record<string, unknown>): ArgsResult<z.output<S>> {
  const written = resolveAliases(mod.aliases, args);
  const exclusive = checkMutuallyExclusive(mod.constraints, written);
  if (exclusive) return { ok: false, violation: exclusive };
  const parsed = mod.args.safeParse(written);
  if (!parsed.success) return { ok: false, zodError: parsed.error };
  const data: unknown = parsed.data;
  const typed = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const required = checkRequirements(mod.constraints, typed);
  if (required) return { ok: false, violation: required };
  return { ok: true, data: parsed.data };
}

/** Arguments that fail validation, outside a playbook (tests, one module calling another). */
export class ModuleArgsError extends Error {
  constructor(module: string, message: string) {
    super(`${module}: ${message}`);
    this.name = 'ModuleArgsError';
  }
}

/** validateModuleArgs, throwing ModuleArgsError with the constraint's or zod's first message. */
export function parseModuleArgs<S extends z.ZodType>(mod: ModuleDefinition<S>, args: Record<string, unknown>): z.output<S> {
  const res = validateModuleArgs(mod, args);
  if (res.ok) return res.data;
  if ('violation' in res) throw new ModuleArgsError(mod.name, res.violation.message);
  const issue = res.zodError.issues[0];
  throw new ModuleArgsError(mod.name, issue ? `${issue.path.join('.') || 'arguments'}: ${issue.message}` : 'invalid arguments');
}
