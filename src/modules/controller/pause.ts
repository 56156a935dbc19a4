/** pause: wait for a time, or for the operator (only when there is a terminal to answer on). */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({
  minutes: astr().optional(),
  seconds: astr().optional(),
  prompt: astr().optional(),
  echo: abool().default(true),
});

export const pause = defineModule({
  name: 'pause',
  description: 'Pause playbook execution',
  controllerOnly: true,
  checkMode: 'not run: check mode does not wait',
  args,
  constraints: { mutuallyExclusive: [['minutes', 'seconds']] },
  async plan(a) {
    const value = a.minutes ?? a.seconds;
    let seconds: number | undefined;
    if (value !== undefined) {
      const n = Number(value);
      if (!Number.isFinite(n) || value.trim() === '') throw new ModuleError(`non-integer value given for prompt duration:\n${value}`, {});
      seconds = Math.max(0, Math.round(a.minutes !== undefined ? n * 60 : n));
    }
    return {
      changes: [{ describe: seconds === undefined ? 'wait for the operator' : `pause ${seconds} s`, apply: { kind: 'controller', step: { name: 'pause', seconds, unit: a.seconds !== undefined ? 'seconds' : 'minutes', prompt: a.prompt, echo: a.echo } } }],
      changed: false,
    };
  },
});
