import { existsSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../errors.js';
import { loadYamlFile, posOf } from './yaml.js';

/**
 * A role's argument specs (meta/argument_specs.yml, else the `argument_specs` key of
 * meta/main.yml) and the task Ansible 2.14 puts first in the role when its entry point
 * (`tasks_from`, else main) has one: validate_argument_spec with the role's parameters, tagged
 * always, named "Validating arguments against arg spec '<entry>'" (plus the short description).
 */
export async function validationTask(
  dir: string,
  roleName: string,
  meta: Record<string, unknown>,
  use: { tasksFrom?: string | undefined; params: Record<string, unknown>; vars?: Record<string, unknown> | undefined; fromInclude?: boolean | undefined },
): Promise<Record<string, unknown> | undefined> {
  const specs = await argumentSpecs(dir, meta);
  const entry = use.tasksFrom ?? 'main';
  const spec = specs[entry];
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    throw new ParseError('BAD_ARGUMENT_SPECS', `the argument spec '${entry}' of role '${roleName}' must be a mapping`, { source: posOf(spec) ?? { file: path.join(dir, 'meta') }, hint: 'argument_specs:\n  main:\n    options:\n      port: {type: int, required: true}' });
  }
  const s = spec as Record<string, unknown>;
  const name = `Validating arguments against arg spec '${entry}'${s.short_description === undefined ? '' : ` - ${String(s.short_description)}`}`;
  const unknown = Object.keys(s).filter((k) => !ENTRY_KEYS.has(k) && !ENTRY_RULES.includes(k));
  if (unknown.length) {
    // Ansible 2.14 ignores them; a misspelt key must not pass for a check: the task fails, by name
    const msg = `the argument spec '${entry}' of role '${roleName}' has unknown key(s): ${unknown.join(', ')} (an entry point has ${[...ENTRY_KEYS, ...ENTRY_RULES].join(', ')})`;
    return { name, fail: { msg }, tags: ['always'] };
  }
  const rules = Object.fromEntries(ENTRY_RULES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  return {
    name,
    validate_argument_spec: {
      argument_spec: s.options ?? {},
      provided_arguments: roleParams(use),
      validate_args_context: { type: 'role', name: roleName, argument_spec_name: entry, path: dir },
      ...rules,
    },
    tags: ['always'],
  };
}

/**
 * What Ansible passes as the role's parameters (Role._role_params): those of a `roles:` entry
 * or a dependency, not its `vars:`; include_role/import_role pass none (their `vars:` are
 * checked as task variables, by option name).
 */
function roleParams(use: { params: Record<string, unknown>; vars?: Record<string, unknown> | undefined; fromInclude?: boolean | undefined }): Record<string, unknown> {
  if (use.fromInclude) return {};
  return Object.fromEntries(Object.entries(use.params).filter(([k, v]) => !(use.vars && k in use.vars && use.vars[k] === v)));
}

/** An entry point's keys that describe it, and its options. */
const ENTRY_KEYS = new Set(['short_description', 'description', 'author', 'version_added', 'options']);
/** An entry point's rules across options (Ansible 2.14 does not check them; play does). */
const ENTRY_RULES = ['mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by'];

async function argumentSpecs(dir: string, meta: Record<string, unknown>): Promise<Record<string, unknown>> {
  for (const ext of ['.yml', '.yaml', '']) {
    const file = path.join(dir, 'meta', `argument_specs${ext}`);
    if (!existsSync(file)) continue;
    const data = await loadYamlFile(file);
    const specs = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).argument_specs : undefined;
    return specs && typeof specs === 'object' ? (specs as Record<string, unknown>) : {};
  }
  const inMeta = meta.argument_specs;
  return inMeta && typeof inMeta === 'object' && !Array.isArray(inMeta) ? (inMeta as Record<string, unknown>) : {};
}
