import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { defineModule } from '../types.js';
import { argSpecSchema, constraintShape } from './arg-spec-schema.js';
import { validateArgumentSpec } from './arg-spec-validator.js';

/** What Ansible puts in place of a no_log option's value in a module's output. */
const NO_LOG_MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';
/** A name a variable can have: only such option names are looked up among the task's variables. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * validate_argument_spec, as a role's `meta/argument_specs.yml` uses it (the task Ansible puts
 * first in the role): the role's parameters, over the task's variables of the same names, are
 * checked against the entry point's `options` by Ansible 2.14's ArgumentSpecValidator
 * (arg-spec-validator.ts). Defaults are not set as variables (Ansible 2.14 does not either).
 * The entry point's own mutually_exclusive / required_* rules, which 2.14 does not pass on, are
 * checked too (docs/compatibility.md), and no_log options' values are masked in the messages.
 */
export const validateArgumentSpecModule = defineModule({
  name: 'validate_argument_spec',
  description: "Validate a role's parameters against its argument spec (controller only).",
  checkMode: 'changes nothing: runs as usual',
  controllerOnly: true,
  args: z.strictObject({
    // checked when the task runs (below): a spec Ansible would ignore parts of fails its task, not the playbook
    argument_spec: z.record(z.string(), z.unknown()),
    provided_arguments: z.record(z.string(), z.unknown()).optional(),
    validate_args_context: z.record(z.string(), z.unknown()).optional(),
    ...constraintShape,
  }),
  async plan(args, ctx) {
    const parsed = argSpecSchema.safeParse(args.argument_spec);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `option ${i.path.map(String).join('.')}: ${i.message}`).join('; ');
      throw new ModuleError(`the argument spec is not one Ansible's validator reads: ${why}`, {}, {
        hint: 'an option takes type, required, default, choices, elements, options, aliases, deprecated_aliases, apply_defaults, no_log, fallback, removed_in_version, removed_at_date, removed_from_collection, mutually_exclusive, required_together, required_one_of, required_if, required_by, description, version_added',
      });
    }
    const spec = parsed.data;
    const context = args.validate_args_context ?? {};
    const { mutually_exclusive, required_together, required_one_of, required_if, required_by } = args;
    const rules = { mutually_exclusive, required_together, required_one_of, required_if, required_by };
    // Ansible's get_args_from_task_vars: a variable named like an option counts as given, templated
    const given: Record<string, unknown> = {};
    for (const name of Object.keys(spec)) if (name in ctx.host.vars) given[name] = VARIABLE_NAME.test(name) ? ctx.evaluate(name) : ctx.host.vars[name];
    Object.assign(given, args.provided_arguments ?? {});
    const result = validateArgumentSpec(spec, given, rules);
    for (const w of result.warnings) ctx.warn(w);
    if (result.errors.length) {
      const secrets = [...result.noLogValues].sort((a, b) => b.length - a.length);
      const errors = result.errors.map((e) => secrets.reduce((text, s) => text.split(s).join(NO_LOG_MASK), e));
      throw new ModuleError(`Validation of arguments failed:\n${errors.join('\n')}`, { argument_errors: errors, argument_spec_data: spec, validate_args_context: context });
    }
    return { changes: [], msg: 'The arg spec validation passed', result: { validate_args_context: context } };
  },
});
