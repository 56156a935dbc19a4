import { z } from 'zod';
import { gatherFacts } from '../../facts/system.js';
import { defineModule } from '../types.js';

export const setup = defineModule({
  name: 'setup',
  description: 'Gather facts about the target in one round trip (POSIX sh only).',
  checkMode: 'read-only: runs as usual',
  args: z.strictObject({
    gather_subset: z.unknown().optional(),
    gather_timeout: z.unknown().optional(),
    filter: z.unknown().optional(),
  }),
  async plan(_args, ctx) {
    const facts = await ctx.fact(gatherFacts, {});
    return { changes: [], result: { ansible_facts: facts } };
  },
});
