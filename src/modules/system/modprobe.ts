/** modprobe: load or unload a kernel module; /proc/modules (and modules.builtin) say what is there. */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { kernelModules, moduleName } from '../../facts/kernel.js';
import { factKey } from '../../facts/types.js';
import { astr, matching } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({
  name: matching(/^[A-Za-z0-9_-]+$/, 'module names are letters, digits, _ and -'),
  state: z.enum(['present', 'absent']).default('present'),
  params: astr().default(''),
});

export const modprobe = defineModule({
  name: 'modprobe',
  description: 'Load or unload a kernel module',
  args,
  async plan(a, ctx) {
    const mods = await ctx.fact(kernelModules, {});
    const name = moduleName(a.name);
    const loaded = mods.loaded.includes(name) || mods.builtin.includes(name);
    const result = { name: a.name, state: a.state, params: a.params };
    if (!mods.known && !mods.builtin.includes(name)) {
      // Containers and namespace hosts often hide /proc/modules: modprobe itself is the only test.
      ctx.warn(`/proc/modules is not readable: cannot tell whether ${a.name} is loaded; running modprobe`);
    }
    const want = a.state === 'present';
    if (mods.known && loaded === want) return { changes: [], result };
    if (!want && mods.builtin.includes(name)) throw new ModuleError(`${a.name} is built into the kernel and cannot be unloaded`, result);
    const params = a.params.trim() === '' ? [] : a.params.trim().split(/\s+/);
    const after = {
      known: true,
      loaded: want ? [...mods.loaded, name] : mods.loaded.filter((m) => m !== name),
      builtin: mods.builtin,
    };
    return {
      changes: [
        {
          describe: want ? `modprobe ${a.name}${params.length ? ` ${params.join(' ')}` : ''}` : `modprobe -r ${a.name}`,
          apply: { kind: 'exec' as const, command: want ? sh`modprobe ${a.name} ${params}` : sh`modprobe -r ${a.name}` },
          effects: [{ kind: 'fact' as const, key: factKey(kernelModules, {}), value: after }],
        },
      ],
      result,
    };
  },
});
