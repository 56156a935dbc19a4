/** command: run a program with arguments, no shell (words split like shlex, run as execve would). */
import { z } from 'zod';
import { execArgv } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { onlyBoolean } from '../refused.js';
import { defineModule } from '../types.js';
import { commandArgs, guard, runChange } from './common.js';
import type { ShlexError} from './shlex.js';
import { shlexSplit } from './shlex.js';

const args = z.strictObject({
  ...commandArgs,
  argv: z.array(astr()).optional(),
  expand_argument_vars: onlyBoolean(false, 'expand_argument_vars: play passes the arguments as written, without expanding $VARIABLES'),
});

export const command = defineModule({
  name: 'command',
  description: 'Execute a command on the target without a shell',
  checkMode: 'not run: reported as changed (creates/removes still decide: ok, rc 0, when they keep it from running)',
  freeForm: true,
  args,
  async plan(a, ctx) {
    const text = a._raw_params ?? a.cmd;
    if (text !== undefined && a.argv !== undefined) throw new ModuleError('only command or argv can be given, not both');
    let argv: string[];
    try {
      argv = a.argv ?? shlexSplit(text ?? '');
    } catch (err) {
      throw new ModuleError(`cannot split the command line: ${(err as ShlexError).message}`, { rc: 256 });
    }
    if (argv.length === 0 || argv.every((w) => w.trim() === '')) throw new ModuleError('no command given', { rc: 256 });
    const run = execArgv(argv);
    const skip = await guard(ctx, a, argv);
    if (skip) return skip;
    return { changes: [runChange(`run ${argv[0] ?? ''}`, run, a, argv)], changed: true };
  },
});
