/** raw: send the text to the target's shell as it is (no creates/removes, no chdir). */
import { z } from 'zod';
import { rawCommand, sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({ _raw_params: astr().optional(), executable: astr().optional() });

export const raw = defineModule({
  name: 'raw',
  description: 'Execute a low-level command on the target',
  checkMode: 'not run: reported as changed',
  freeForm: true,
  args,
  async plan(a) {
    const text = a._raw_params;
    if (text === undefined || text.trim() === '') throw new ModuleError('no command given', { rc: 256 });
    const command = a.executable === undefined ? rawCommand(text) : sh`${a.executable} -c ${text}`;
    return { changes: [{ describe: 'run raw command', apply: { kind: 'exec', command, captureOutput: true, okCodes: [0] } }], changed: true };
  },
});
