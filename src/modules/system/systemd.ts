/**
 * systemd / systemd_service: service's start/stop/enable on systemd, plus daemon-reload,
 * daemon-reexec and masking. The unit state comes from the same fact as service's.
 */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { unitEnablement } from '../../facts/system-names.js';
import { factKey } from '../../facts/types.js';
import { abool, matching } from '../schema.js';
import { defineModule, type Change, type ModuleContext, type Plan } from '../types.js';
import { service } from './service.js';

const args = z.strictObject({
  name: matching(/^[A-Za-z0-9@_.:+\\-]+$/, 'unit names are letters, digits and @_.:+-\\').optional(),
  state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
  enabled: abool().optional(),
  masked: abool().optional(),
  daemon_reload: abool().default(false),
  daemon_reexec: abool().default(false),
  /** Only the system manager: user units need the user's session bus, which play does not open. */
  scope: z.enum(['system']).default('system'),
});
type Args = z.output<typeof args>;

/** The unit's name as systemctl takes it (a bare name means NAME.service). */
const unitName = (name: string): string => (/\.[a-z]+$/.test(name) ? name : `${name}.service`);

async function isMasked(ctx: ModuleContext, name: string): Promise<boolean> {
  const state = await ctx.fact(unitEnablement, { unit: unitName(name) });
  return state === 'masked' || state === 'masked-runtime';
}

async function plan(a: Args, ctx: ModuleContext): Promise<Plan> {
  const before: Change[] = [];
  if (a.daemon_reexec) before.push({ describe: 'systemctl daemon-reexec', apply: { kind: 'exec', command: sh`systemctl daemon-reexec` } });
  if (a.daemon_reload) before.push({ describe: 'systemctl daemon-reload', apply: { kind: 'exec', command: sh`systemctl daemon-reload` } });
  if (a.name === undefined) {
    if (a.state !== undefined || a.enabled !== undefined || a.masked !== undefined) throw new ModuleError('name is required when state, enabled or masked is given', {});
    // Ansible runs the reloads without reporting a change
    return { changes: before, changed: false, result: {} };
  }
  const changes: Change[] = [...before];
  if (a.masked !== undefined && (await isMasked(ctx, a.name)) !== a.masked) {
    changes.push({ describe: `systemctl ${a.masked ? 'mask' : 'unmask'} ${unitName(a.name)}`, apply: { kind: 'exec', command: sh`systemctl ${a.masked ? 'mask' : 'unmask'} ${unitName(a.name)}` },
      effects: [{ kind: 'fact', key: factKey(unitEnablement, { unit: unitName(a.name) }), value: a.masked ? 'masked' : 'disabled' }],
    });
  }
  let svc: Plan = { changes: [], result: { name: a.name } };
  if (a.state !== undefined || a.enabled !== undefined) {
    svc = await service.plan({ name: a.name, state: a.state, enabled: a.enabled, use: undefined, pattern: undefined, sleep: undefined, runlevel: undefined, arguments: undefined }, ctx);
  }
  changes.push(...svc.changes);
  const changed = changes.length > before.length;
  return { changes, changed, result: { ...(svc.result ?? {}), name: a.name } };
}

const definition = {
  description: 'Manage systemd units (start/stop, enable, mask, daemon-reload)',
  args,
  aliases: { name: ['service', 'unit'], daemon_reload: ['daemon-reload'], daemon_reexec: ['daemon-reexec'] },
  plan,
};

export const systemd = defineModule({ name: 'systemd', ...definition });
export const systemdService = defineModule({ name: 'systemd_service', ...definition });
