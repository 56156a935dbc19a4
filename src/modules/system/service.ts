/**
 * service: start/stop/restart/reload and enable a service on systemd, SysV (CentOS 5's
 * chkconfig, Debian's update-rc.d) and on hosts with no init running at all, where "started"
 * means the init script's start and "enabled" means the rc links.
 */
import { z } from 'zod';
import { rawCommand, sh, type ShellCommand } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { serviceStatus, type ServiceArgs, type ServiceStatus } from '../../facts/service.js';
import { factKey } from '../../facts/types.js';
import { onlyString, refusedArg } from '../refused.js';
import { abool, astr, matching } from '../schema.js';
import { defineModule, factRead, type Change } from '../types.js';

const args = z.strictObject({
  name: matching(/^[A-Za-z0-9@_.:+-]+$/, 'service names are letters, digits and @_.:+-'),
  state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
  enabled: abool().optional(),
  pattern: astr().optional(),
  sleep: refusedArg('sleep: play restarts with the service manager\'s own restart, without a pause between stop and start', 5),
  runlevel: refusedArg('runlevel: play enables services in the runlevels their init script or unit declares', '3'),
  arguments: astr().optional(),
  use: onlyString('auto', 'use: play detects the service manager itself (systemd or SysV init)', 'openrc'),
});

type Action = 'start' | 'stop' | 'restart' | 'reload';

/**
 * Runs an init script with its output in a file: a daemon that inherits our stdout would keep
 * the channel open and the command would never finish.
 */
function sysvAction(name: string, action: Action, extra: string | undefined): ShellCommand {
  const more = extra === undefined ? '' : ` ${extra}`;
  return sh`n=${name}; a=${action}; x=${more}; s=; for d in /etc/init.d /etc/rc.d/init.d; do if [ -f "$d/$n" ]; then s="$d/$n"; break; fi; done; t=$(mktemp) || exit 97; if [ -x "$s" ]; then "$s" "$a"$x </dev/null >"$t" 2>&1; elif [ -n "$s" ]; then sh "$s" "$a"$x </dev/null >"$t" 2>&1; else service "$n" "$a"$x </dev/null >"$t" 2>&1; fi; rc=$?; cat "$t"; rm -f "$t"; exit $rc`;
}

const ENABLE_SYSV = `
if command -v chkconfig >/dev/null 2>&1; then
  chkconfig --list "$n" >/dev/null 2>&1 || chkconfig --add "$n" || exit 1
  chkconfig "$n" on
elif command -v update-rc.d >/dev/null 2>&1; then
  update-rc.d "$n" defaults >/dev/null && update-rc.d "$n" enable
else
  for r in 2 3 4 5; do
    d=/etc/rc$r.d; [ -d "$d" ] || d=/etc/rc.d/rc$r.d; mkdir -p "$d" || exit 1
    rm -f "$d"/K??"$n"; ls "$d"/S??"$n" >/dev/null 2>&1 || ln -s ../init.d/"$n" "$d/S20$n" || exit 1
  done
fi`;

const DISABLE_SYSV = `
if command -v chkconfig >/dev/null 2>&1; then
  chkconfig "$n" off
elif command -v update-rc.d >/dev/null 2>&1; then
  update-rc.d "$n" disable
else
  for r in 2 3 4 5; do for l in /etc/rc$r.d/S??"$n" /etc/rc.d/rc$r.d/S??"$n"; do [ -e "$l" ] || [ -L "$l" ] || continue; rm -f "$l" || exit 1; done; done
fi`;

function enableCommand(status: ServiceStatus, name: string, enable: boolean): ShellCommand {
  if (status.backend === 'systemd') return sh`systemctl ${enable ? 'enable' : 'disable'} ${`${name}.service`}`;
  return sh`n=${name}`.concat(rawCommand(enable ? ENABLE_SYSV : DISABLE_SYSV));
}

function actionCommand(status: ServiceStatus, name: string, action: Action, extra: string | undefined): ShellCommand {
  if (status.backend === 'systemd') return sh`systemctl ${action} ${`${name}.service`}`;
  return sysvAction(name, action, extra);
}

export const service = defineModule({
  name: 'service',
  description: 'Manage services on systemd, SysV init or hosts with no init running',
  args,
  constraints: { requiredOneOf: [['state', 'enabled']] },
  remoteFacts: (a) => [factRead(serviceStatus, a.pattern === undefined ? { name: a.name } : { name: a.name, pattern: a.pattern })],
  async plan(a, ctx) {
    const factArgs: ServiceArgs = a.pattern === undefined ? { name: a.name } : { name: a.name, pattern: a.pattern };
    const status = await ctx.fact(serviceStatus, factArgs);
    if (!status.exists && a.pattern === undefined) {
      throw new ModuleError(`Could not find the requested service ${a.name}: host`, { name: a.name }, {
        hint: status.backend === 'systemd' ? `no unit ${a.name}.service is loaded` : `no /etc/init.d/${a.name} script`,
      });
    }
    const changes: Change[] = [];
    const after: ServiceStatus = { ...status };
    const key = factKey(serviceStatus, factArgs);
    const effect = () => [{ kind: 'fact' as const, key, value: { ...after } }];

    let action: Action | undefined;
    if (a.state === 'started' && !status.running) action = 'start';
    else if (a.state === 'stopped' && status.running) action = 'stop';
    else if (a.state === 'restarted') action = 'restart';
    else if (a.state === 'reloaded') action = status.running ? 'reload' : 'start';
    if (action !== undefined) {
      after.running = action !== 'stop';
      changes.push({ describe: `service ${a.name} ${action}`, apply: { kind: 'exec', command: actionCommand(status, a.name, action, a.arguments) }, effects: effect() });
    }
    if (a.enabled !== undefined && a.enabled !== status.enabled) {
      after.enabled = a.enabled;
      changes.push({ describe: `service ${a.name} ${a.enabled ? 'enable' : 'disable'}`, apply: { kind: 'exec', command: enableCommand(status, a.name, a.enabled) }, effects: effect() });
    }
    const result: Record<string, unknown> = {
      name: a.name,
      state: after.running ? 'started' : 'stopped',
      status: { backend: after.backend, running: after.running, enabled: after.enabled, ...(after.script ? { script: after.script } : {}) },
    };
    if (a.enabled !== undefined || status.exists) result['enabled'] = after.enabled;
    return { changes, result };
  },
});
