import { z } from 'zod';
import { aint } from '../schema.js';
import { defineModule } from '../types.js';

export const debug = defineModule({
  name: 'debug',
  description: 'Print a message or a variable (controller only).',
  checkMode: 'changes nothing: runs as usual',
  controllerOnly: true,
  rawArgs: ['var'],
  args: z.strictObject({
    msg: z.unknown().optional(),
    var: z.string().optional(),
    /** Shown only when the run's verbosity (-v count) is at least this; skipped otherwise. */
    verbosity: aint().default(0),
  }),
  async plan(args, ctx) {
    if (args.verbosity > ctx.verbosity) {
      // Ansible's debug sets failed: false on this skip too (a skipped task has no such key otherwise)
      return { changes: [], skipped: true, result: { skipped_reason: 'Verbosity threshold not met.', failed: false } };
    }
    if (args.var !== undefined) {
      // Ansible templates the task's arguments first: `var: "{{ name }}"` names the variable to show
      const name = /{{|{%/.test(args.var) ? ctx.renderString(args.var) : args.var;
      let value: unknown;
      try {
        value = ctx.evaluate(name);
      } catch {
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { changes: [], result: { [name]: value } };
    }
    // a structured msg stays a structure (Ansible prints and registers it as one); a msg that
    // renders to null (`msg: "{{ n }}"`, n: null) is shown as null
    return { changes: [], result: { msg: 'msg' in args ? args.msg : 'Hello world!' } };
  },
});
