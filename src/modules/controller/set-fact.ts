import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { defineModule } from '../types.js';
import { setOwn } from '../../util/own-props.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no']);

/** Ansible's boolean() for `cacheable` (yes/no/true/false/on/off/1/0). */
function asBoolean(v: unknown): boolean {
  const text = String(v).toLowerCase();
  if (['true', 'yes', 'on', '1', 'y', 't', '1.0'].includes(text)) return true;
  if (['false', 'no', 'off', '0', 'n', 'f', '0.0', 'none', ''].includes(text)) return false;
  throw new ModuleError(`cacheable must be a boolean, got ${JSON.stringify(v)}`);
}

export const setFact = defineModule({
  name: 'set_fact',
  description: 'Set host variables for the rest of the run (controller only).',
  checkMode: 'changes nothing: runs as usual',
  controllerOnly: true,
  definesVariables: true,
  args: z.record(z.string(), z.unknown()),
  async plan(args) {
    const facts: Record<string, unknown> = {};
    const cacheable = args.cacheable === undefined ? false : asBoolean(args.cacheable);
    for (const [k, v] of Object.entries(args)) {
      if (k === 'cacheable') continue;
      if (!IDENT.test(k)) throw new ModuleError(`The variable name '${k}' is not valid`);
      // Ansible's set_fact: the strings true/false/yes/no become booleans (so `b=false` is false)
      setOwn(facts, k, typeof v === 'string' && BOOLEAN_WORDS.has(v.toLowerCase()) ? ['true', 'yes'].includes(v.toLowerCase()) : v);
    }
    return { changes: [], result: { ansible_facts: facts }, cacheableFacts: cacheable };
  },
});
