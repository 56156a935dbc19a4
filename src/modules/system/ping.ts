/**
 * ping: proves that the host answers a command over its connection (Ansible's ping proves it can
 * run Python there; play's targets need no Python). `data` comes back as `ping`, and `data=crash`
 * fails the task, as in Ansible.
 */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';

export const ping = defineModule({
  name: 'ping',
  description: 'Check that the host answers over its connection; returns ping: pong (or data).',
  checkMode: 'changes nothing: runs as usual',
  args: z.strictObject({ data: astr().default('pong') }),
  async plan(args, ctx) {
    if (args.data === 'crash') throw new ModuleError('boom');
    const res = await ctx.probe(sh`true`, { offline: { rc: 0 } });
    if (res.rc !== 0) throw new ModuleError(`the host did not run a command (exit ${res.rc})`);
    return { changes: [], result: { ping: args.data } };
  },
});
