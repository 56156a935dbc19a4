import { PlayError, type SourcePos } from '../errors.js';
import type { IncludeItem } from '../playbook/model.js';
import type { Templar } from '../template/templar.js';
import type { Vars } from '../template/types.js';
import { parseBoolean } from '../util/ansible-boolean.js';

/**
 * Arguments of a dynamic include that play does not act on. Ansible accepts them, so the playbook
 * loads; the include refuses them by name when it runs, rather than running without them.
 */
export function refuseUnactedIncludeArgs(inc: IncludeItem): void {
  const refuse = (arg: string, why: string, hint: string): never => {
    throw new PlayError('UNSUPPORTED_INCLUDE_ARG', `${inc.kind}: '${arg}' is not supported: ${why}`, { source: inc.pos, hint });
  };
  if (inc.kind === 'include_role' && inc.args.public !== undefined && parseBoolean(inc.args.public) !== false) {
    refuse('public', "the role's variables would not be visible to the tasks after the include", 'use import_role (its variables are visible to the play), or set_fact what later tasks need');
  }
}

/** include_role's file choices: templates, rendered for each host as the rest of its arguments. */
const FROM_ARGS = ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from'] as const;

export function renderedFromArgs(inc: IncludeItem, templar: Templar, vars: Vars, ctx: { source: SourcePos; task: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (inc.kind !== 'include_role') return out;
  for (const arg of FROM_ARGS) {
    const v = inc.args[arg];
    if (v !== undefined && v !== null) out[arg] = String(templar.renderValue(v, vars, ctx));
  }
  return out;
}
