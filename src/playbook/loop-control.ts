import { ParseError, type SourcePos } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import type { LoopControl } from './model.js';
import { posOf } from './yaml.js';

/** Ansible 2.14's LoopControl attributes (playbook/loop_control.py): any other key is refused. */
export const LOOP_CONTROL_KEYS = ['loop_var', 'index_var', 'label', 'pause', 'extended', 'extended_allitems'] as const;
const KNOWN = new Set<string>(LOOP_CONTROL_KEYS);

/**
 * A task's `loop_control`, checked when the playbook loads as Ansible's Task._load_loop_control
 * does (a mapping, of known keys only, each refused with Ansible's message). Its values may be
 * templates: the executor renders and converts them when the loop runs (executor/loop.ts).
 */
export function loadLoopControl(raw: unknown, taskPos: SourcePos): LoopControl {
  const pos = posOf(raw) ?? taskPos;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ParseError('BAD_LOOP_CONTROL', 'the `loop_control` value must be specified as a dictionary and cannot be a variable itself (though it can contain variables)', {
      source: pos,
      hint: 'loop_control:\n  loop_var: outer_item',
    });
  }
  const takes = `loop_control takes ${LOOP_CONTROL_KEYS.join(', ')}`;
  for (const key of Object.keys(raw)) {
    if (KNOWN.has(key)) continue;
    const guess = didYouMean(key, LOOP_CONTROL_KEYS);
    throw new ParseError('BAD_LOOP_CONTROL', `'${key}' is not a valid attribute for a LoopControl`, { source: pos, hint: guess ? `${guess} (${takes})` : takes });
  }
  return raw as LoopControl;
}
