import { rawCommand, sh } from '../connection/command.js';
import type { ShellFact } from './types.js';

export type ServiceBackend = 'systemd' | 'sysv';

/** A service as the host runs it now. */
export interface ServiceStatus {
  backend: ServiceBackend;
  exists: boolean;
  running: boolean;
  enabled: boolean;
  /** The init script (SysV) or unit name (systemd). */
  script?: string | undefined;
}

export interface ServiceArgs {
  name: string;
  /** A regular expression matched against process command lines (Ansible's `pattern`). */
  pattern?: string | undefined;
}

/** printf octal escapes, so a pattern never appears literally in this probe's own command line. */
export function octalEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/**
 * Existence, running and enabled in one round trip, for systemd hosts, SysV hosts (CentOS 5:
 * chkconfig; Debian: update-rc.d links) and hosts with no init at all (plain daemons started
 * from /etc/init.d scripts). Output is "key=value" lines; process lines follow "ps:" markers.
 */
export const serviceStatus: ShellFact<ServiceArgs, ServiceStatus> = {
  name: 'service.status',
  // installed by the run's earlier tasks, and neither running nor enabled yet
  offline: ({ name }, given) => ({ backend: given.facts['service_mgr'] === 'systemd' ? 'systemd' : 'sysv', exists: true, running: false, enabled: false, script: name }),
  command({ name, pattern }) {
    const head = sh`n=${name}; pat=${pattern === undefined ? '' : octalEscape(pattern)}\n`;
    return head.concat(rawCommand(STATUS_SCRIPT));
  },
  parse: (result) => parseServiceStatus(result.stdout),
};

const STATUS_SCRIPT = `
if [ -d /run/systemd/system ]; then
  echo backend=systemd
  systemctl show -p LoadState -p ActiveState -p UnitFileState -- "$n.service" 2>/dev/null
  exit 0
fi
echo backend=sysv
script=
for d in /etc/init.d /etc/rc.d/init.d; do
  if [ -f "$d/$n" ]; then script="$d/$n"; break; fi
done
echo "script=$script"
if [ -n "$script" ]; then
  "$script" status </dev/null >/dev/null 2>&1
  echo "status_rc=$?"
fi
if command -v pidof >/dev/null 2>&1; then echo "pidof=$(pidof "$n" 2>/dev/null)"; fi
if [ -n "$pat" ]; then
  self=$$
  ps -eo pid=,ppid=,args= 2>/dev/null | while read -r pid ppid args; do
    [ "$pid" = "$self" ] || [ "$ppid" = "$self" ] || echo "ps:$args"
  done
  echo "pattern=$(printf "$pat")"
fi
if command -v chkconfig >/dev/null 2>&1; then
  echo "chkconfig=$(LC_ALL=C chkconfig --list "$n" 2>/dev/null | head -n 1)"
fi
for l in /etc/rc2.d/S??"$n" /etc/rc3.d/S??"$n" /etc/rc4.d/S??"$n" /etc/rc5.d/S??"$n" /etc/rc.d/rc3.d/S??"$n" /etc/rc.d/rc5.d/S??"$n"; do
  if [ -e "$l" ] || [ -L "$l" ]; then echo "link=$l"; fi
done
true
`;

export function parseServiceStatus(stdout: string): ServiceStatus {
  const kv = new Map<string, string>();
  const links: string[] = [];
  const procs: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('ps:')) {
      procs.push(line.slice(3));
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'link') links.push(value);
    else kv.set(key, value);
  }
  if (kv.get('backend') === 'systemd') {
    const load = kv.get('LoadState') ?? '';
    const unitFile = kv.get('UnitFileState') ?? '';
    return {
      backend: 'systemd',
      exists: load !== '' && load !== 'not-found',
      running: ['active', 'activating', 'reloading'].includes(kv.get('ActiveState') ?? ''),
      enabled: ['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated'].includes(unitFile),
    };
  }
  const script = kv.get('script') || undefined;
  const pattern = kv.get('pattern');
  let running: boolean;
  if (pattern !== undefined && pattern !== '') {
    // Ansible: with a pattern, the process table decides, not the init script.
    const re = new RegExp(pattern);
    running = procs.some((p) => re.test(p));
  } else {
    const rc = kv.get('status_rc');
    const pids = kv.get('pidof');
    // LSB says 0 running and 3 stopped; other codes (no status action, usage text, a stale pid
    // file) are not trusted: the process table decides when pidof is there.
    if (rc === '0') running = true;
    else if (rc === '3') running = false;
    else if (pids !== undefined) running = pids.trim() !== '';
    else running = false;
  }
  const chk = kv.get('chkconfig');
  const enabled = chk !== undefined && chk !== '' ? /\s[2345]:on\b/.test(chk) : links.length > 0;
  return { backend: 'sysv', exists: script !== undefined, running, enabled, script };
}
