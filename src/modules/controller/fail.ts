import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { defineModule } from '../types.js';

export const fail = defineModule({
  name: 'fail',
  description: 'Fail the task with a message (controller only).',
  checkMode: 'changes nothing: runs as usual',
  controllerOnly: true,
  args: z.strictObject({ msg: z.unknown().optional() }),
  async plan(args) {
    const msg = args.msg ?? 'Failed as requested from task';
    throw new ModuleError(typeof msg === 'string' ? msg : JSON.stringify(msg));
  },
});
