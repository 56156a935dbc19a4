import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { resolveSubsets } from '../../facts/gather-script.js';
import { DEFAULT_GATHER_ARGS, gatherFacts, type GatherArgs, type GatheredFacts } from '../../facts/system.js';
import { defineModule, factRead } from '../types.js';
import { aint, alist, astr } from '../schema.js';

export const setup = defineModule({
  name: 'setup',
  description: 'Gather facts about the target in one round trip (POSIX sh only).',
  checkMode: 'read-only: runs as usual',
  args: z.strictObject({
    gather_subset: alist().optional(),
    gather_timeout: aint().optional(),
    filter: alist().optional(),
    fact_path: astr().optional(),
  }),
  remoteFacts: (args) => (resolveSubsets(gatherArgsOf(args).gather_subset) instanceof Set ? [factRead(gatherFacts, gatherArgsOf(args))] : []),
  async plan(args, ctx) {
    const gatherArgs = gatherArgsOf(args);
    const subsets = resolveSubsets(gatherArgs.gather_subset);
    if (!(subsets instanceof Set)) {
      throw new ModuleError(`Bad subset '${subsets.unknown}' given to Ansible. gather_subset options allowed: all, hardware, min, network, virtual`);
    }
    const facts = await ctx.fact(gatherFacts, gatherArgs);
    return { changes: [], result: { ansible_facts: args.filter?.length ? filtered(facts, args.filter) : facts } };
  },
});

function gatherArgsOf(args: { gather_subset?: string[] | undefined; gather_timeout?: number | undefined; fact_path?: string | undefined }): GatherArgs {
  return {
    gather_subset: args.gather_subset ?? DEFAULT_GATHER_ARGS.gather_subset,
    gather_timeout: args.gather_timeout ?? DEFAULT_GATHER_ARGS.gather_timeout,
    fact_path: args.fact_path ?? DEFAULT_GATHER_ARGS.fact_path,
  };
}

/** filter: fnmatch patterns over the ansible_* names, as Ansible's setup matches them. */
function filtered(facts: GatheredFacts, patterns: readonly string[]): GatheredFacts {
  const res = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return Object.fromEntries(Object.entries(facts).filter(([k]) => k === 'gather_subset' || k === 'module_setup' || res.some((re) => re.test(`ansible_${k}`) || re.test(k))));
}
