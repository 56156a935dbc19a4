/** shell: run a command line through /bin/sh (or `executable`), with every shell feature. */
import { z } from 'zod';
import { rawCommand, sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';
import { commandArgs, guard, runChange } from './common.js';

const args = z.strictObject({ ...commandArgs, executable: astr().optional() });

export const shell = defineModule({
  name: 'shell',
  description: 'Execute shell commands on the target',
  checkMode: 'not run: reported as changed (creates/removes still decide: ok, rc 0, when they keep it from running)',
  freeForm: true,
  args,
  async plan(a, ctx) {
    const text = a._raw_params ?? a.cmd;
    if (text === undefined || text.trim() === '') throw new ModuleError('no command given', { rc: 256 });
    const skip = await guard(ctx, a, text);
    if (skip) return skip;
    // The connection already runs commands under /bin/sh; another shell gets the text as -c.
    const command = a.executable === undefined ? rawCommand(text) : sh`${a.executable} -c ${text}`;
    return { changes: [runChange('run shell command', command, a)], changed: true };
  },
});
