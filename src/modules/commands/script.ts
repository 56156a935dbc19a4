/**
 * script: copy a controller script to the target and run it there (its shebang, or
 * `executable`), with the words after its name as arguments, as Ansible's script action does.
 */
import { z } from 'zod';
import { rawCommand, sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { splitArgs } from '../../util/ansible-args.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';
import { scriptGuard, runChange } from './common.js';

const args = z.strictObject({
  _raw_params: astr().optional(),
  cmd: astr().optional(),
  chdir: astr().optional(),
  creates: astr().optional(),
  removes: astr().optional(),
  executable: astr().optional(),
});

export const script = defineModule({
  name: 'script',
  description: 'Runs a local script on the target after transferring it',
  checkMode: 'not run: reported as changed (creates/removes still decide: skipped)',
  freeForm: true,
  args,
  async plan(a, ctx) {
    const text = (a._raw_params ?? a.cmd ?? '').trim();
    if (text === '') throw new ModuleError('script: a script name is required', {});
    const [name = '', ...rest] = splitArgs(text);
    const skip = await scriptGuard(ctx, a);
    if (skip) return skip;
    const local = await ctx.findLocal('files', name);
    const content = await ctx.readLocal(local).catch(() => {
      throw new ModuleError(`Could not find or access '${name}' on the Ansible Controller.`, {});
    });
    // the arguments are shell words, passed as written (Ansible hands them to the shell too)
    const argText = rawCommand(rest.length ? ` ${rest.join(' ')}` : '');
    const run = a.executable === undefined ? sh`"$t"` : sh`${a.executable} "$t"`;
    const command = sh`t=$(mktemp) || exit 1; cat > "$t" && chmod 700 "$t" || { rm -f "$t"; exit 1; }; `
      .concat(run)
      .concat(argText)
      .concat(sh` </dev/null; rc=$?; rm -f "$t"; exit $rc`);
    const change = runChange(`run script ${name}`, command, { chdir: a.chdir, stdin: undefined, stdin_add_newline: false });
    if (change.apply.kind === 'exec') change.apply = { ...change.apply, stdin: content, keepNewline: true };
    return { changes: [change], changed: true };
  },
});
