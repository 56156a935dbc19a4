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
      let value: unknown;
      try {
        value = ctx.evaluate(args.var);
      } catch {
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { changes: [], result: { [args.var]: value } };
    }
    // a structured msg stays a structure (Ansible prints and registers it as one)
    return { changes: [], result: { msg: args.msg ?? 'Hello world!' } };
  },
});
