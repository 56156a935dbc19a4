/** tempfile: create a temporary file or directory on the target (mktemp), its path in `path`. */
import { z } from 'zod';
import { rawCommand, sh } from '../../connection/command.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({
  state: z.enum(['file', 'directory']).default('file'),
  path: astr().optional(),
  prefix: astr().default('ansible.'),
  suffix: astr().default(''),
});

export const tempfile = defineModule({
  name: 'tempfile',
  description: 'Create a temporary file or directory',
  checkMode: 'not run: reported as changed, without a path (Ansible skips it)',
  args,
  async plan(a) {
    // mktemp wants the X run last; a suffix is added by renaming within the same directory
    const dir = a.path;
    const flag = rawCommand(a.state === 'directory' ? '-d ' : '');
    const command = sh`d=${dir ?? ''}; [ -n "$d" ] || d=\${TMPDIR:-/tmp}; p=$(mktemp ${flag}"$d"/${a.prefix}XXXXXXXX) || exit 1; s=${a.suffix}; if [ -n "$s" ]; then mv -- "$p" "$p$s" || { rm -rf -- "$p"; exit 1; }; p="$p$s"; fi; printf '%s\\n' "$p"`;
    return {
      changes: [{ describe: `create temporary ${a.state}`, apply: { kind: 'exec', command, resultFields: ['path'] } }],
      result: { state: a.state },
    };
  },
});
