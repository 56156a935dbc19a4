/**
 * asterisk_command: one Asterisk CLI command. Read-only by default: it runs while planning
 * (so also in check mode) and never reports a change; `changes: true` makes it a normal change.
 */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { defineModule } from '../types.js';
import { asteriskRx, checkedAsteriskRx, cliFailure } from './cli.js';

const args = z.strictObject({
  command: astr().pipe(z.string().min(1, 'command must not be empty')),
  changes: abool().default(false),
});

export const asteriskCommand = defineModule({
  name: 'asterisk_command',
  description: 'Run an Asterisk CLI command (asterisk -rx); read-only unless changes: true',
  checkMode: 'read-only: runs as usual; with changes: true not run, reported as changed',
  args,
  async plan(a, ctx) {
    if (a.changes) {
      return {
        changes: [{ describe: `asterisk -rx '${a.command}'`, apply: { kind: 'exec', command: checkedAsteriskRx(a.command), captureOutput: true } }],
        changed: true,
        result: { command: a.command },
      };
    }
    const res = await ctx.probe(asteriskRx(a.command), { offline: { rc: 0 } });
    const output = `${res.stdout}${res.stderr}`;
    const stdout = res.stdout.replace(/\n$/, '');
    const result = { command: a.command, rc: res.rc, stdout, stdout_lines: stdout === '' ? [] : stdout.split('\n'), stderr: res.stderr.replace(/\n$/, '') };
    const failure = cliFailure(res.rc, output);
    if (failure !== undefined) throw new ModuleError(`asterisk -rx '${a.command}' failed: ${failure}`, result);
    return { changes: [], changed: false, result };
  },
});
