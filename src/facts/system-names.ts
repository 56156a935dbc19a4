/** Small system facts the cron, hostname and systemd modules plan from (and leave as effects). */
import { sh } from '../connection/command.js';
import type { ShellFact } from './types.js';

/** A user's crontab as `crontab -l` prints it ('' when there is none). */
export const crontab: ShellFact<{ user: string | undefined }, string> = {
  name: 'cron.crontab',
  offline: () => '',
  command: ({ user }) => sh`crontab ${user === undefined ? sh`` : sh`-u ${user} `}-l 2>/dev/null; r=$?; [ $r -le 1 ] || exit $r`,
  parse(result) {
    if (result.rc !== 0) throw new Error(`Unable to read crontab: ${result.stderr.trim() || `exit ${result.rc}`}`);
    return result.stdout;
  },
};

/** The running host name and the one /etc/hostname gives the next boot. */
export interface HostNames {
  running: string;
  permanent: string;
}

export const hostNames: ShellFact<Record<string, never>, HostNames> = {
  name: 'system.hostname',
  offline: () => ({ running: 'localhost', permanent: 'localhost' }),
  command: () => sh`hostname; head -n 1 /etc/hostname 2>/dev/null; true`,
  parse(result) {
    const [running = '', permanent = ''] = result.stdout.split('\n').map((l) => l.trim());
    return { running, permanent };
  },
};

/** `systemctl is-enabled UNIT`: enabled, disabled, static, masked, … ('' when unknown). */
export const unitEnablement: ShellFact<{ unit: string }, string> = {
  name: 'systemd.is_enabled',
  offline: () => 'disabled',
  command: ({ unit }) => sh`systemctl is-enabled ${unit} 2>/dev/null; true`,
  parse: (result) => result.stdout.trim(),
};

/** A file's digest by one of coreutils' *sum tools ('' when it cannot be read). */
export const fileDigest: ShellFact<{ path: string; algorithm: string }, string> = {
  name: 'file.digest',
  lifetime: 'files',
  offline: () => '',
  command: ({ path, algorithm }) => sh`${`${algorithm}sum`} < ${path} 2>/dev/null; true`,
  parse: (result) => result.stdout.split(/\s/)[0] ?? '',
};
