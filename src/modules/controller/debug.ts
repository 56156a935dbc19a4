import { z } from 'zod';
import { onlyString } from '../refused.js';
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
    verbosity: onlyString('0', 'verbosity: play shows debug output at every verbosity; drop it or use 0', '1'),
  }),
  async plan(args, ctx) {
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
    // a structured msg stays a structure (Ansible prints and registers it as one)
    return { changes: [], result: { msg: args.msg ?? 'Hello world!' } };
  },
});
