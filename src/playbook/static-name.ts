import { ParseError, type SourcePos } from '../errors.js';
import { Templar } from '../template/index.js';
import { UndefinedVariableError } from '../template/errors.js';
import type { Vars } from '../template/types.js';
import type { Scope } from './model.js';

const templar = new Templar();

/** The variables a templated import name sees besides those of its scopes. */
export interface StaticNameVars {
  /** The import task's own vars. */
  task: Vars | undefined;
  extra: Vars;
  /** The play's vars_files, over the play's vars (Ansible's get_vars(play=…) order). */
  varsFiles?: Vars | undefined;
}

/**
 * The name of an import_role / file of an import_tasks that is a template. Ansible renders it
 * when the playbook loads, from the variables known then: the play's vars and vars_files, those
 * of enclosing blocks and includes, the task's own vars and extra vars; never host variables or
 * facts, which only exist when the play runs (a name that needs them gets Ansible's "'x' is
 * undefined").
 */
export function renderStaticName(action: string, target: string, scope: Scope, known: StaticNameVars, pos: SourcePos): string {
  const chain: Scope[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) chain.unshift(s);
  const vars: Vars = {};
  for (const [i, s] of chain.entries()) {
    Object.assign(vars, s.kw.vars ?? {}, s.includeParams ?? {});
    if (i === 0) Object.assign(vars, known.varsFiles ?? {});
  }
  Object.assign(vars, known.task ?? {}, known.extra);
  try {
    return String(templar.renderValue(target, vars, { source: pos }));
  } catch (err) {
    if (!(err instanceof UndefinedVariableError)) throw err;
    throw new ParseError('IMPORT_TEMPLATED', err.message, {
      source: pos,
      hint: `${action} renders its name when the playbook loads (play vars and vars_files, task vars, extra vars); use ${action.replace('import_', 'include_')} for a name that depends on host variables or facts`,
    });
  }
}
