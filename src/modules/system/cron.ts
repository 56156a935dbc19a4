/**
 * cron: one named job in a user's crontab (crontab -l / crontab -) or in a file under
 * /etc/cron.d, marked "#Ansible: NAME" as Ansible marks it, so both tools manage the same lines.
 */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { abool, astr } from '../schema.js';
import { crontab } from '../../facts/system-names.js';
import { factKey } from '../../facts/types.js';
import { defineModule } from '../types.js';
import { ensureContent } from '../files/ensure-content.js';
import { crontabLines, jobLine, jobNames, renderCrontab, setJob } from './cron-table.js';

const args = z.strictObject({
  name: astr(),
  job: astr().optional(),
  state: z.enum(['present', 'absent']).default('present'),
  user: astr().optional(),
  cron_file: astr().optional(),
  minute: astr().default('*'),
  hour: astr().default('*'),
  day: astr().default('*'),
  month: astr().default('*'),
  weekday: astr().default('*'),
  special_time: z.enum(['annually', 'daily', 'hourly', 'monthly', 'reboot', 'weekly', 'yearly']).optional(),
  disabled: abool().default(false),
});

const userFlag = (user: string | undefined) => (user === undefined ? sh`` : sh`-u ${user} `);


export const cron = defineModule({
  name: 'cron',
  description: 'Manage cron.d and crontab entries',
  args,
  aliases: { job: ['value'], day: ['dom'], weekday: ['dow'] },
  diff: 'the crontab (or cron file) before and after',
  async plan(a, ctx) {
    if (a.state === 'present' && a.job === undefined) throw new ModuleError('You must specify \'job\' to install a new cron job or variable', {});
    if (a.special_time && [a.minute, a.hour, a.day, a.month, a.weekday].some((f) => f !== '*')) {
      throw new ModuleError('You must specify time and date fields or special time.', {});
    }
    const cronUser = a.cron_file === undefined ? undefined : (a.user ?? 'root');
    const path = a.cron_file === undefined ? undefined : a.cron_file.includes('/') ? a.cron_file : `/etc/cron.d/${a.cron_file}`;
    const current = path === undefined ? await ctx.fact(crontab, { user: a.user }) : ((await ctx.readFile(path))?.toString('utf8') ?? '');
    const lines = crontabLines(current);
    const job = a.state === 'absent' ? undefined : jobLine({ ...a, job: a.job ?? '', special: a.special_time, user: cronUser });
    const next = setJob(lines, a.name, job);
    const result: Record<string, unknown> = { jobs: jobNames(next), envs: [] };
    if (path !== undefined) {
      if (a.state === 'absent' && (await ctx.stat(path, { checksum: false })).kind === 'missing') return { changes: [], result };
      const plan = await ensureContent(ctx, { dest: path, content: Buffer.from(renderCrontab(next)), current: Buffer.from(current) });
      return { ...plan, result: { ...result, cron_file: path } };
    }
    const before = renderCrontab(lines);
    const after = renderCrontab(next);
    if (before === after) return { changes: [], result };
    return {
      changes: [{ describe: `crontab ${a.user === undefined ? '' : `-u ${a.user} `}(job ${a.name})`, apply: { kind: 'exec', command: sh`crontab ${userFlag(a.user)}-`, stdin: after }, effects: [{ kind: 'fact', key: factKey(crontab, { user: a.user }), value: after }] }],
      diffs: ctx.diff ? [{ path: `crontab${a.user === undefined ? '' : ` of ${a.user}`}`, before, after }] : undefined,
      result,
    };
  },
});
