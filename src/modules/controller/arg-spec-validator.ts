import { ModuleError } from '../../errors.js';
import { setOwn } from '../../util/own-props.js';
import type { ArgSpec, DeprecatedAlias, OptionSpec, SpecConstraints } from './arg-spec-schema.js';
import { checkRules, found } from './arg-spec-rules.js';
import { ConversionError, convert, isMapping, pyEq, pyRepr, pyStr, pyType } from './arg-spec-types.js';

/**
 * A port of Ansible 2.14's ArgumentSpecValidator.validate (module_utils/common/arg_spec.py and
 * parameters.py) as validate_argument_spec runs it for a role: aliases, defaults, required,
 * types and list elements, choices, the required_* / mutually_exclusive rules, then the nested
 * `options` of dict and list-of-dict options, recursively; and last, the parameters no option
 * names. Errors come in Ansible's order and words, as the role's failure message lists them.
 */

export interface ValidationResult {
  errors: string[];
  /** Ansible's ModuleArgumentSpecValidator warnings and deprecations (aliases, removed options). */
  warnings: string[];
  /** Values of no_log options (and of their sub-options). */
  noLogValues: Set<string>;
  validated: Record<string, unknown>;
}

/** A broken spec that Ansible reports in its list (an AliasError), not as a crash. */
class SpecError extends Error {}

type Params = Record<string, unknown>;
/** Where an unsupported parameter was found, and what was supported there. */
type Unsupported = Map<string, { params: string[]; aliases: string[] }>;

/** _handle_aliases: each alias given sets its option (the alias wins); returns alias → option. */
function handleAliases(spec: ArgSpec, params: Params, warnings?: [string, string][], deprecated?: DeprecatedAlias[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(spec)) {
    if (deprecated) for (const d of v.deprecated_aliases ?? []) if (d.name in params) deprecated.push(d);
    if (v.default !== undefined && v.default !== null && v.required) throw new SpecError(`internal error: required and default are mutually exclusive for ${k}`);
    for (const alias of v.aliases ?? []) {
      out.set(alias, k);
      if (alias in params) {
        if (k in params && warnings) warnings.push([k, alias]);
        setOwn(params, k, params[alias]);
      }
    }
  }
  return out;
}

/** fallback names a Python function (env_fallback): a role spec written in YAML cannot call one. */
function refuseFallbacks(spec: ArgSpec, params: Params, ctx: readonly string[]): void {
  for (const [k, v] of Object.entries(spec)) {
    if (v.fallback !== undefined && !(k in params)) {
      throw new ModuleError(`option '${[...ctx, k].join(' -> ')}' has a fallback (${pyRepr(v.fallback)}), which needs a Python function: a role argument spec cannot run one (Ansible fails with "'str' object is not callable"); give the option a default instead`);
    }
  }
}

/** _list_no_log_values: the values of no_log options, through sub-options; a sub-option value that is no dict stops it (a NoLogError). */
function noLogValues(spec: ArgSpec, params: Params, into: Set<string>): void {
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v) into.add(v);
    } else if (typeof v === 'number') into.add(pyStr(v));
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isMapping(v)) Object.values(v).forEach(collect);
  };
  for (const [k, v] of Object.entries(spec)) {
    if (v.no_log && params[k]) collect(params[k]);
    const value = params[k];
    if (!v.options || value === undefined || value === null || !(v.type === 'dict' || (v.type === 'list' && v.elements === 'dict'))) continue;
    for (let sub of Array.isArray(value) ? value : [value]) {
      if (typeof sub === 'string') sub = convert('dict', sub);
      if (!isMapping(sub)) throw new ConversionError(`Value '${pyStr(sub)}' in the sub parameter field '${k}' must by a ${v.type}, not '${pyType(sub).slice(8, -2)}'`);
      noLogValues(v.options, sub, into);
    }
  }
}

function removedOptions(spec: ArgSpec, params: Params, prefix: string, into: string[]): void {
  for (const [k, v] of Object.entries(spec)) {
    if (!(k in params)) continue;
    const sub = prefix ? `${prefix}["${k}"]` : k;
    if (v.removed_at_date !== undefined || v.removed_in_version !== undefined) into.push(`Param '${sub}' is deprecated. See the module docs for more information`);
    if (!v.options) continue;
    const value = params[k];
    for (const item of isMapping(value) ? [value] : Array.isArray(value) ? value : []) if (isMapping(item)) removedOptions(v.options, item, sub, into);
  }
}

function unsupported(spec: ArgSpec, params: Params, aliases: Map<string, string>, ctx: readonly string[], into: Unsupported): void {
  const legal = new Set([...aliases.keys(), ...Object.keys(spec)]);
  for (const k of Object.keys(params)) {
    if (legal.has(k)) continue;
    into.set([...ctx, k].join('.'), { params: Object.keys(spec).filter((n) => !aliases.has(n)).sort(), aliases: [...aliases.keys()].sort() });
  }
}

function setDefaults(spec: ArgSpec, params: Params, all: boolean): void {
  for (const [k, v] of Object.entries(spec)) {
    const dflt = v.default ?? null;
    if (!(k in params) && (dflt !== null || all)) setOwn(params, k, dflt);
  }
}

function checkRequired(spec: ArgSpec, params: Params, ctx: readonly string[]): string | undefined {
  const missing = Object.keys(spec).filter((k) => spec[k]?.required && !(k in params)).sort();
  return missing.length ? `missing required arguments: ${missing.join(', ')}${found(ctx, false)}` : undefined;
}

/** _validate_elements: each element converted; one that does not convert is reported and dropped. */
function validateElements(type: string, param: string, values: Iterable<unknown>, ctx: readonly string[], errors: string[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    try {
      out.push(convert(type, v));
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      errors.push(`Elements value for option '${param}'${found(ctx, true)} is of type ${pyType(v)} and we were unable to convert to ${type}: ${err.message}`);
    }
  }
  return out;
}

/** What Python's `for value in x` walks: a string's characters, a dict's keys. */
function iterate(v: unknown): Iterable<unknown> {
  if (typeof v === 'string' || Array.isArray(v)) return v;
  if (isMapping(v)) return Object.keys(v);
  throw new ConversionError(`'${pyType(v).slice(8, -2)}' object is not iterable`);
}

function validateTypes(spec: ArgSpec, params: Params, ctx: readonly string[], errors: string[]): void {
  for (const [param, option] of Object.entries(spec)) {
    const value = params[param];
    if (!(param in params) || value === null || value === undefined) continue;
    const wanted = option.type ?? 'str';
    try {
      setOwn(params, param, convert(wanted, value));
      if (option.elements) {
        const elements = params[param];
        if (wanted !== 'list' || !Array.isArray(elements)) {
          errors.push(`Invalid type ${wanted} for option '${pyStr(elements)}'${ctx.length ? `${found(ctx, true)}.` : ''}, elements value check is supported only with 'list' type`);
        }
        setOwn(params, param, validateElements(option.elements, param, iterate(elements), ctx, errors));
      }
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      errors.push(`argument '${param}' is of type ${pyType(value)}${ctx.length ? `${found(ctx, true)}.` : ''} and we were unable to convert to ${wanted}: ${err.message}`);
    }
  }
}

const BOOLEANS: Record<string, unknown[]> = {
  True: ['y', 'yes', 'on', '1', 'true', 't', 1, true],
  False: ['n', 'no', 'off', '0', 'false', 'f', 0, false],
};

function validateValues(spec: ArgSpec, params: Params, ctx: readonly string[], errors: string[]): void {
  for (const [param, option] of Object.entries(spec)) {
    const choices = option.choices;
    if (choices === undefined || !(param in params)) continue;
    const value = params[param];
    const choicesText = choices.map(pyStr).join(', ');
    if (Array.isArray(value)) {
      const diff = value.filter((v) => !choices.some((c) => pyEq(c, v)));
      if (diff.length) errors.push(`value of ${param} must be one or more of: ${choicesText}. Got no match for: ${diff.map(pyStr).join(', ')}${found(ctx, false)}`);
      continue;
    }
    if (choices.some((c) => pyEq(c, value))) continue;
    // the text 'True'/'False' stands for the one boolean-like choice there is (a YAML `yes` among them)
    const words = typeof value === 'string' ? BOOLEANS[value] : undefined;
    const overlap = words ? choices.filter((c, i) => words.some((w) => pyEq(w, c)) && choices.findIndex((d) => pyEq(d, c)) === i) : [];
    if (overlap.length === 1) setOwn(params, param, overlap[0]);
    else errors.push(`value of ${param} must be one of: ${choicesText}, got: ${pyStr(value)}${found(ctx, false)}`);
  }
}

interface Walk {
  errors: string[];
  warnings: string[];
  noLog: Set<string>;
  unsupported: Unsupported;
}

/** _validate_sub_spec: the `options` of dict and list-of-dict options, recursively. */
function validateSubSpec(spec: ArgSpec, params: Params, prefix: string, ctx: string[], walk: Walk): void {
  for (const [param, option] of Object.entries(spec)) {
    const wanted = option.type;
    if (!(wanted === 'dict' || (wanted === 'list' && option.elements === 'dict'))) continue;
    const sub = option.options ?? undefined;
    if (option.apply_defaults) {
      if (sub === undefined) continue;
      if (params[param] === undefined || params[param] === null) setOwn(params, param, {});
    } else if (sub === undefined || !(param in params) || params[param] === null) continue;
    ctx.push(param);
    const value = params[param];
    const elements = Array.isArray(value) ? value : [value];
    for (const [idx, subParams] of elements.entries()) {
      if (!isMapping(subParams)) {
        walk.errors.push(`value of '${param}' must be of type dict or list of dicts`);
        continue;
      }
      refuseFallbacks(sub, subParams, ctx);
      const newPrefix = `${prefix}${param}${wanted === 'list' ? `[${idx}]` : ''}.`;
      validateLevel(sub, option, subParams, newPrefix, ctx, walk);
      validateSubSpec(sub, subParams, newPrefix, ctx, walk);
    }
    ctx.pop();
  }
}

/** One level's checks, in ArgumentSpecValidator.validate's order (shared by the entry point and sub-options). */
function validateLevel(spec: ArgSpec, rules: SpecConstraints, params: Params, prefix: string, ctx: string[], walk: Walk): void {
  const aliasWarnings: [string, string][] = [];
  const deprecated: DeprecatedAlias[] = [];
  let aliases = new Map<string, string>();
  let aliasError: string | undefined;
  try {
    aliases = handleAliases(spec, params, aliasWarnings, deprecated);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    aliasError = err.message;
    walk.errors.push(aliasError);
  }
  for (const [option, alias] of aliasWarnings) walk.warnings.push(`Both option ${prefix}${option} and its alias ${prefix}${alias} are set.`);
  for (const d of deprecated) walk.warnings.push(`Alias '${prefix}${d.name}' is deprecated. See the module docs for more information`);
  try {
    noLogValues(spec, params, walk.noLog);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    walk.errors.push(err.message);
  }
  if (ctx.length === 0) removedOptions(spec, params, '', walk.warnings);
  // with a stray parameter, Ansible reads the aliases again to list them, and fails the same way
  if (aliasError !== undefined && Object.keys(params).some((k) => !(k in spec))) walk.errors.push(aliasError);
  else unsupported(spec, params, aliases, ctx, walk.unsupported);
  const [exclusive] = checkRules({ mutually_exclusive: rules.mutually_exclusive }, params, ctx);
  if (exclusive) walk.errors.push(exclusive);
  setDefaults(spec, params, false);
  const missing = checkRequired(spec, params, ctx);
  if (missing) walk.errors.push(missing);
  validateTypes(spec, params, ctx, walk.errors);
  validateValues(spec, params, ctx, walk.errors);
  walk.errors.push(...checkRules({ ...rules, mutually_exclusive: undefined }, params, ctx));
  setDefaults(spec, params, true);
}

/** Ansible's final error: the parameters no option names, and what the (last) place supports. */
function unsupportedMessage(found: Unsupported): string | undefined {
  if (found.size === 0) return undefined;
  const keys = [...found.keys()].sort();
  // Ansible names what the last parameter of a set (in no fixed order) supports: the last by name here
  const last = found.get(keys[keys.length - 1] ?? '');
  const supported = (last?.params ?? []).join(', ') + (last?.aliases.length ? ` (${last.aliases.join(', ')})` : '');
  return `${keys.join(', ')}. Supported parameters include: ${supported}.`;
}

/** A deep copy the checks may change (Ansible deep-copies the parameters); text-like objects become text. */
function copyData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyData);
  if (isMapping(v)) {
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return String(v);
    const out: Params = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, copyData(x));
    return out;
  }
  return v;
}

export function validateArgumentSpec(spec: ArgSpec, parameters: Params, rules: SpecConstraints = {}): ValidationResult {
  const params = copyData(parameters) as Params;
  const walk: Walk = { errors: [], warnings: [], noLog: new Set(), unsupported: new Map() };
  refuseFallbacks(spec, params, []);
  validateLevel(spec, rules, params, '', [], walk);
  validateSubSpec(spec, params, '', [], walk);
  const tail = unsupportedMessage(walk.unsupported);
  if (tail) walk.errors.push(tail);
  return { errors: walk.errors, warnings: walk.warnings, noLogValues: walk.noLog, validated: params };
}

export type { ArgSpec, OptionSpec, SpecConstraints };
