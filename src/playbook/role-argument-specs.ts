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
  use: { tasksFrom?: string | undefined; params: Record<string, unknown> },
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
  return {
    name,
    validate_argument_spec: {
      argument_spec: s.options ?? {},
      provided_arguments: use.params,
      validate_args_context: { type: 'role', name: roleName, argument_spec_name: entry, path: dir },
    },
    tags: ['always'],
  };
}

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
