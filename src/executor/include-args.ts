import type { SourcePos } from '../errors.js';
import type { IncludeItem } from '../playbook/model.js';
import type { Templar } from '../template/templar.js';
import type { Vars } from '../template/types.js';

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
