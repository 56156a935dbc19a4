import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabPaths } from './hosts.js';
import { ensureLabRoot } from './root-dir.js';

/**
 * The power layer: a read-only overlay layer over the base that gives every lab host its own
 * `shutdown`, `reboot`, `halt` and `poweroff`. The base's are systemctl, and no systemd runs in
 * a lab host; these ask the host's init (PID 1 of its namespace) to restart or stop the host,
 * as a container's do. The init ends every process of the host and exits; the lab's supervisor
 * (supervisor-script.ts) starts it again on a restart. They never call reboot(2): the lab drops
 * CAP_SYS_BOOT, and outside a lab host they refuse to run.
 */

/** The init's exit code that asks its supervisor for a new boot. */
export const RESTART_EXIT_CODE = 75;
/**
 * Signals the host's init takes as "restart" and "stop". Not HUP (the kernel's choice for a
 * namespace init): systemd and sysvinit take HUP as "reload", and package scripts send it.
 */
export const RESTART_SIGNAL = 'USR1';
export const STOP_SIGNAL = 'USR2';
/** Made by the host's init on its own /run: present only inside a lab host. */
export const LAB_HOST_MARKER = '/run/lab-host';
/** The token of the pending (delayed) shutdown; `shutdown -c` removes it. */
const PENDING = '/run/lab-shutdown';

export const POWER_COMMANDS = ['shutdown', 'reboot', 'halt', 'poweroff'] as const;

export interface PowerScriptOptions {
  /** The init to signal (tests point it at a process of their own). */
  initPid?: number;
  marker?: string;
  pending?: string;
}

/**
 * The one script behind the four names (it acts on the name it was called by). Options it does
 * not know are refused, never ignored. A shutdown "now" still happens a second later, in the
 * background: the command returns and its SSH session closes before the host goes down, as with
 * systemd (Ansible counts a session cut by the reboot as success, but not a killed command).
 */
export function powerScript(opts: PowerScriptOptions = {}): string {
  const pid = String(opts.initPid ?? 1);
  const marker = opts.marker ?? LAB_HOST_MARKER;
  const pending = opts.pending ?? PENDING;
  return `#!/bin/sh
# play lab: lab hosts run no systemd; this asks the host's init to restart or stop the host.
set -u
# Ansible runs this on a pty (ssh -tt): the session's hangup must not kill the pending signal
# before it has left the session (setsid below); an ignored HUP is inherited, a trap is not
trap '' HUP
me=\${0##*/}
fail() { echo "$me: $*" >&2; exit 1; }
[ -f '${marker}' ] || fail "not a lab host (no ${marker}): refusing to signal its init"
case $me in
  reboot) action=reboot ;;
  halt|poweroff|shutdown) action=stop ;;
  *) fail "called by an unknown name" ;;
esac
when=now
wall=1
if [ "$me" = shutdown ]; then
  when=+1 # systemd's default
  while [ $# -gt 0 ]; do
    case $1 in
      -r|--reboot) action=reboot ;;
      -h|-H|-P|--halt|--poweroff) action=stop ;;
      -k) action=wall ;;
      -c) rm -f '${pending}'; echo "shutdown cancelled"; exit 0 ;;
      --no-wall) wall=0 ;;
      --) shift; break ;;
      -*) fail "unknown option $1 (lab hosts know -r -h -H -P -k -c --no-wall)" ;;
      *) break ;;
    esac
    shift
  done
  if [ $# -gt 0 ]; then when=$1; shift; fi
else
  for a in "$@"; do
    case $a in
      -f|--force|-n|--no-sync|--no-wall) ;;
      -p|--poweroff|--halt) action=stop ;;
      --reboot) action=reboot ;;
      *) fail "unknown option $a (lab hosts know -f -p -n --reboot --halt --poweroff --no-wall)" ;;
    esac
  done
fi
case $when in
  now) minutes=0 ;;
  +*[!0-9]*|+) fail "bad time $when (lab hosts know now, +MINUTES and MINUTES)" ;;
  +*) minutes=\${when#+} ;;
  *[!0-9]*|'') fail "bad time $when (lab hosts know now, +MINUTES and MINUTES)" ;;
  *) minutes=$when ;;
esac
message="$*"
[ "$wall" = 0 ] || [ -z "$message" ] || echo "$message"
[ "$action" != wall ] || exit 0
case $action in reboot) sig=${RESTART_SIGNAL} ;; *) sig=${STOP_SIGNAL} ;; esac
token="$$-$(date +%s)"
echo "$token" > '${pending}'
[ "$minutes" = 0 ] || echo "$action scheduled in $minutes min, use 'shutdown -c' to cancel."
seconds=$((minutes * 60 + 1))
setsid /bin/sh -c 'sleep "$1" && [ "$(cat "$2" 2>/dev/null)" = "$3" ] && rm -f "$2" && kill -s "$4" "$5"' sh "$seconds" '${pending}' "$token" "$sig" '${pid}' </dev/null >/dev/null 2>&1 &
exit 0
`;
}

/** Writes the power layer (usr/sbin/{shutdown,reboot,halt,poweroff}) when missing or outdated. */
export async function ensurePowerLayer(paths: LabPaths): Promise<string> {
  await ensureLabRoot(paths.root);
  const sbin = join(paths.power, 'usr', 'sbin');
  // the layer's directories show through as the hosts' /usr and /usr/sbin: root's, 0755
  await mkdir(sbin, { recursive: true });
  for (const dir of [paths.power, join(paths.power, 'usr'), sbin]) await chmod(dir, 0o755);
  const script = powerScript();
  for (const name of POWER_COMMANDS) {
    const file = join(sbin, name);
    if ((await readFile(file, 'utf8').catch(() => '')) === script) continue;
    // renamed into place: a host running the old one never reads half a script
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, script, { mode: 0o755 });
    await rename(tmp, file);
  }
  return paths.power;
}
