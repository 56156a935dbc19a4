import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { defineModule } from '../types.js';

/**
 * validate_argument_spec, as a role's `meta/argument_specs.yml` uses it (the task Ansible puts
 * first in the role): the role's parameters, over the task's variables of the same names, are
 * checked against the entry point's `options`. The checks and their messages are those of
 * Ansible 2.14's ArgumentSpecValidator in its order: required, then types, then choices.
 * Defaults are not set as variables (Ansible 2.14 does not either).
 */
const optionSpec = z.looseObject({
  type: z.string().optional(),
  required: z.boolean().optional(),
  choices: z.array(z.unknown()).optional(),
  default: z.unknown().optional(),
  elements: z.string().optional(),
});

/** Python's type() of a value as Ansible prints it (YAML strings are AnsibleUnicode). */
function pyType(v: unknown): string {
  if (typeof v === 'string') return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>";
  if (v === null) return "<class 'NoneType'>";
  return "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>";
}

const BOOL_TEXT = new Map<string, boolean>([
  ...['y', 'yes', 'on', '1', 'true', 't'].map((s) => [s, true] as const),
  ...['n', 'no', 'off', '0', 'false', 'f'].map((s) => [s, false] as const),
]);

/** Why a value does not convert to a type (check_type_* of module_utils), or undefined when it does. */
function typeError(type: string, v: unknown): string | undefined {
  switch (type) {
    case 'str':
    case 'path':
    case 'raw':
      return undefined;
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return undefined;
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return undefined;
      return `${pyType(v)} cannot be converted to an int`;
    case 'float':
      if (typeof v === 'number') return undefined;
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return undefined;
      return `${pyType(v)} cannot be converted to a float`;
    case 'bool':
      if (typeof v === 'boolean' || v === 0 || v === 1) return undefined;
      if (typeof v === 'string' && BOOL_TEXT.has(v.toLowerCase())) return undefined;
      return `The value '${String(v)}' is not a valid boolean.  Valid booleans include: 0, 1, 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`;
    case 'list':
      return Array.isArray(v) || typeof v === 'string' || typeof v === 'number' ? undefined : `${pyType(v)} cannot be converted to a list`;
    case 'dict':
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : `dictionary requested, could not parse JSON or key=value`;
    default:
      return undefined;
  }
}

export const validateArgumentSpecModule = defineModule({
  name: 'validate_argument_spec',
  description: "Validate a role's parameters against its argument spec (controller only).",
  checkMode: 'changes nothing: runs as usual',
  controllerOnly: true,
  args: z.strictObject({
    argument_spec: z.record(z.string(), optionSpec),
    provided_arguments: z.record(z.string(), z.unknown()).optional(),
    validate_args_context: z.record(z.string(), z.unknown()).optional(),
  }),
  async plan(args, ctx) {
    const spec = args.argument_spec;
    // Ansible's get_args_from_task_vars: a variable named like an option counts as given
    const given: Record<string, unknown> = {};
    for (const name of Object.keys(spec)) if (name in ctx.host.vars) given[name] = ctx.host.vars[name];
    Object.assign(given, args.provided_arguments ?? {});
    const errors: string[] = [];
    const missing = Object.keys(spec).filter((k) => spec[k]?.required === true && (given[k] === undefined || given[k] === null)).sort();
    if (missing.length) errors.push(`missing required arguments: ${missing.join(', ')}`);
    for (const [name, option] of Object.entries(spec)) {
      const value = given[name];
      if (value === undefined || value === null) continue;
      const why = typeError(option.type ?? 'str', value);
      if (why) errors.push(`argument '${name}' is of type ${pyType(value)} and we were unable to convert to ${option.type ?? 'str'}: ${why}`);
    }
    for (const [name, option] of Object.entries(spec)) {
      const value = given[name];
      if (value === undefined || value === null || !option.choices) continue;
      const values = Array.isArray(value) ? value : [value];
      const wrong = values.filter((v) => !option.choices?.some((c) => String(c) === String(v)));
      if (wrong.length === 0) continue;
      errors.push(Array.isArray(value) ? `value of ${name} must be one or more of: ${option.choices.map(String).join(', ')}. Got no match for: ${wrong.map(String).join(', ')}` : `value of ${name} must be one of: ${option.choices.map(String).join(', ')}, got: ${String(value)}`);
    }
    const context = args.validate_args_context ?? {};
    if (errors.length) {
      throw new ModuleError(`Validation of arguments failed:\n${errors.join('\n')}`, { argument_errors: errors, argument_spec_data: spec, validate_args_context: context });
    }
    return { changes: [], msg: 'The arg spec validation passed', result: { validate_args_context: context } };
  },
});
