import { PlayError } from '../errors.js';
import type { LoopControl } from '../playbook/model.js';
import type { Templar } from '../template/index.js';
import { pyStr } from '../template/python.js';
import type { RenderContext, Vars } from '../template/types.js';
import { notABooleanMessage, parseBoolean } from '../util/ansible-boolean.js';

type Isa = 'str' | 'float' | 'bool';
/** The keys Ansible's LoopControl.post_validate renders and converts when the loop starts (label is rendered per item). */
const POST_VALIDATED: Readonly<Record<string, Isa>> = { loop_var: 'str', index_var: 'str', pause: 'float', extended: 'bool', extended_allitems: 'bool' };

/** Python's float(text): digits, an exponent, inf and nan, blanks around. */
const FLOAT_TEXT = /^\s*[-+]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][-+]?\d+)?\s*$/;

/** Base.get_validated_value for the types a LoopControl has: the converted value, or Python's reason. */
function validated(isa: Isa, value: unknown): unknown {
  if (isa === 'str') return pyStr(value);
  if (isa === 'bool') {
    const b = parseBoolean(value);
    if (b === undefined) throw new Error(notABooleanMessage(value));
    return b;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
  if (typeof value === 'string') {
    const t = value.trim().replace(/_/g, '').toLowerCase();
    if (FLOAT_TEXT.test(value)) return Number(t);
    if (/^[-+]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(t)) return Number.NaN;
  }
  throw new Error(typeof value === 'string' ? `could not convert string to float: '${value}'` : `float() argument must be a string or a real number, not '${value === null ? 'NoneType' : Array.isArray(value) ? 'list' : 'dict'}'`);
}

/**
 * A loop's `loop_control` as the loop runs it: the values Ansible post-validates are rendered
 * with the task's variables and converted to their types (`pause: "{{ delay }}"`,
 * `extended: "yes"`), failing the task with Ansible's message when one does not convert.
 */
export function renderLoopControl(lc: LoopControl | undefined, templar: Templar, vars: Vars, ctx: RenderContext): LoopControl | undefined {
  if (lc === undefined) return undefined;
  const out: Record<string, unknown> = { ...lc };
  for (const [name, isa] of Object.entries(POST_VALIDATED)) {
    const raw = (lc as Record<string, unknown>)[name];
    if (raw === undefined) continue;
    const value = templar.renderValue(raw, vars, ctx);
    if (value === null || value === undefined) {
      delete out[name];
      continue;
    }
    try {
      out[name] = validated(isa, value);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new PlayError('BAD_LOOP_CONTROL', `the field '${name}' has an invalid value (${pyStr(raw)}), and could not be converted to an ${isa === 'str' ? 'string' : isa}.The error was: ${why}`, {
        source: ctx.source,
        hint: `loop_control.${name} must be ${isa === 'bool' ? 'a boolean' : isa === 'float' ? 'a number of seconds' : 'a name'}`,
      });
    }
  }
  return out as LoopControl;
}
