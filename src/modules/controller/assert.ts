import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { defineModule } from '../types.js';
import { abool } from '../schema.js';

export const assertModule = defineModule({
  name: 'assert',
  description: 'Fail unless every condition in `that` is true (controller only).',
  checkMode: 'changes nothing: runs as usual',
  controllerOnly: true,
  rawArgs: ['that'],
  args: z.strictObject({
    that: z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]),
    fail_msg: z.unknown().optional(),
    msg: z.unknown().optional(),
    success_msg: z.unknown().optional(),
    quiet: abool().optional(),
  }),
  async plan(args, ctx) {
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    for (const cond of conditions) {
      const ok = typeof cond === 'boolean' ? cond : ctx.isTrue(cond);
      if (!ok) {
        const msg = args.fail_msg ?? args.msg ?? 'Assertion failed';
        throw new ModuleError(typeof msg === 'string' ? msg : JSON.stringify(msg), {
          assertion: cond,
          evaluated_to: false,
        });
      }
    }
    const msg = args.success_msg ?? 'All assertions passed';
    return { changes: [], msg: typeof msg === 'string' ? msg : JSON.stringify(msg), show: args.quiet !== true };
  },
});
