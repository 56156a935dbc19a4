/** group: local groups with groupadd/groupmod/groupdel; state from getent group. */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { factKey } from '../../facts/types.js';
import { groupEntry } from '../../facts/users.js';
import { abool, aint, matching } from '../schema.js';
import { defineModule, type Change } from '../types.js';

const args = z.strictObject({
  name: matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/, 'group names are letters, digits, _ . and -'),
  gid: aint().optional(),
  state: z.enum(['present', 'absent']).default('present'),
  system: abool().default(false),
  non_unique: abool().default(false),
});

export const group = defineModule({
  name: 'group',
  description: 'Manage local groups (groupadd/groupmod/groupdel)',
  args,
  async plan(a, ctx) {
    const cur = await ctx.fact(groupEntry, { name: a.name });
    const key = factKey(groupEntry, { name: a.name });
    const changes: Change[] = [];
    const o = a.non_unique ? ['-o'] : [];
    if (a.state === 'absent') {
      if (cur.exists) changes.push({ describe: `groupdel ${a.name}`, apply: { kind: 'exec', command: sh`groupdel ${a.name}` }, effects: [{ kind: 'fact', key, value: { exists: false } }] });
      return { changes, result: { name: a.name, state: 'absent' } };
    }
    let gid = cur.gid;
    if (!cur.exists) {
      const opts = [...(a.gid !== undefined ? ['-g', String(a.gid), ...o] : []), ...(a.system ? ['-r'] : [])];
      gid = a.gid;
      changes.push({ describe: `groupadd ${a.name}`, apply: { kind: 'exec', command: sh`groupadd ${opts} ${a.name}` }, effects: [{ kind: 'fact', key, value: { exists: true, gid, members: [] } }] });
    } else if (a.gid !== undefined && a.gid !== cur.gid) {
      gid = a.gid;
      changes.push({ describe: `groupmod -g ${a.gid} ${a.name}`, apply: { kind: 'exec', command: sh`groupmod -g ${String(a.gid)} ${o} ${a.name}` }, effects: [{ kind: 'fact', key, value: { ...cur, gid } }] });
    }
    return { changes, result: { name: a.name, state: 'present', gid: gid ?? null, system: a.system } };
  },
});
