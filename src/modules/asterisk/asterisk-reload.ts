/**
 * asterisk_reload: the minimal reloads for the changed config files (or named subsystems),
 * skipped when Asterisk is not running (the next start reads the files anyway).
 */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { serviceStatus } from '../../facts/service.js';
import { alist } from '../schema.js';
import { defineModule } from '../types.js';
import { asteriskRx, reloadWhenBooted } from './cli.js';
import { isReloadTarget, reloadCommands, reloadTargetFor, type ReloadTarget } from './reload-plan.js';

const args = z.strictObject({
  files: alist().default([]),
  what: alist().default([]),
});

export const asteriskReload = defineModule({
  name: 'asterisk_reload',
  description: 'Reload only the Asterisk subsystems whose config files changed',
  args,
  async plan(a, ctx) {
    const targets: ReloadTarget[] = a.files.map(reloadTargetFor);
    for (const w of a.what) {
      const t = w.trim().toLowerCase();
      if (!isReloadTarget(t)) throw new ModuleError(`unknown reload target '${w}'`, {}, { hint: 'what: dialplan, iax2, pjsip, sip or core' });
      targets.push(t);
    }
    const commands = reloadCommands(targets);
    if (commands.length === 0) return { changes: [], result: { commands: [] }, msg: 'nothing to reload' };
    // The service fact is what the run has left so far (an earlier task may have started it).
    const status = await ctx.fact(serviceStatus, { name: 'asterisk' });
    let running = status.running;
    if (!status.exists) running = (await ctx.probe(asteriskRx('core show uptime'), { offline: { rc: 1 } })).rc === 0;
    if (!running) return { changes: [], result: { commands: [] }, msg: 'Asterisk is not running: nothing to reload' };
    return {
      changes: commands.map((c) => ({ describe: `asterisk -rx '${c}'`, apply: { kind: 'exec' as const, command: reloadWhenBooted(c) } })),
      result: { commands },
    };
  },
});
