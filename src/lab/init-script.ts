import { quote } from '../connection/command.js';
import { PlayError } from '../errors.js';
import { devSetupLines } from './dev-nodes.js';
import { LAB_HOST_MARKER, RESTART_EXIT_CODE, RESTART_SIGNAL, STOP_SIGNAL } from './power-layer.js';

/**
 * The shell script that becomes PID 1 of a lab host. It runs first on the machine's own
 * /bin/sh inside fresh (private) mount, PID, UTS and IPC namespaces, builds the host's root
 * (overlay + proc/sys/run/tmp/dev), then execs into the root where it starts sshd and stays
 * as the namespace's init: it reaps orphans and, on SIGTERM, stops everything it holds. A
 * reboot inside (power-layer.ts) makes it stop everything and exit for a restart, which the
 * lab's supervisor (supervisor-script.ts) runs from this same script.
 * Mounts live only in the namespace, so they vanish with it: nothing to unmount on the machine.
 */
export interface InitScriptParams {
  name: string;
  address: string;
  kvm: boolean;
  base: string;
  /** Read-only layers over the base, topmost first (the Python layer of benchmark hosts). */
  layers?: readonly string[];
  upper: string;
  work: string;
  merged: string;
  /** A file of the lab's (outside the root) that holds this boot's id: written at each boot. */
  bootId: string;
  /** The lab's public key (the text of id_ed25519.pub): root's only authorized key. */
  authorizedKey: string;
  /** Commands run (inside the root) after sshd: daemons that must come up with the host. */
  daemons?: readonly string[];
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Capabilities a host's root never has (setpriv's names). */
export const DROPPED_CAPABILITIES = ['sys_module', 'sys_boot', 'mknod', 'sys_rawio'] as const;
/** Parts of the host's /proc that reach the machine's kernel: read-only inside hosts. */
const READ_ONLY_PROC = ['proc/sys', 'proc/sysrq-trigger'];
/** What both Ansible and play read to tell that a host restarted. */
const BOOT_ID = 'proc/sys/kernel/random/boot_id';

/** The sshd options the lab forces on the command line (they win over sshd_config). */
export function sshdOptions(address: string): string[] {
  return [
    `ListenAddress=${address}:22`,
    'PermitRootLogin=prohibit-password',
    'PasswordAuthentication=no',
    'KbdInteractiveAuthentication=no',
    'UsePAM=no',
    'AuthorizedKeysFile=.ssh/authorized_keys',
  ];
}

export interface InnerInitParams {
  name: string;
  address: string;
  authorizedKey: string;
  daemons?: readonly string[];
}

/**
 * What runs inside the root as PID 1: the host's name and key files, host keys, sshd, then
 * wait forever reaping children. Files of the host are written here, inside the chroot, never
 * through the root's path from outside: a symlink a play left in the host's layer then points
 * into the host, not at the machine's files.
 */
export function innerInitScript(p: InnerInitParams): string {
  const sshdArgs = sshdOptions(p.address)
    .map((o) => `-o ${quote(o)}`)
    .join(' ');
  return [
    'set -u',
    // the power commands (power-layer.ts) run only where this is: inside a lab host
    `: > ${LAB_HOST_MARKER}`,
    // replaced, not written through: whatever a play left there (a link, say) the host boots named
    `rm -f /etc/hostname; echo ${quote(p.name)} > /etc/hostname`,
    // the host's own /etc/hosts (a play may manage it) is kept; a fresh host gets a default
    `[ "$LAB_OWN_HOSTS" = 1 ] || printf '127.0.0.1\\tlocalhost\\n%s\\t%s\\n' ${quote(p.address)} ${quote(p.name)} > /etc/hosts`,
    // The lab key is (re)installed on every boot so the lab stays reachable whatever a play did.
    '[ ! -L /root/.ssh ] || rm -f /root/.ssh',
    'mkdir -p /root/.ssh && chmod 700 /root/.ssh && rm -f /root/.ssh/authorized_keys',
    `printf '%s\\n' ${quote(p.authorizedKey.trim())} > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys`,
    'mkdir -p /run/sshd /var/log && chmod 755 /run/sshd',
    // Host keys are made on the first boot, in the host's own upper dir: each host has its own.
    'ssh-keygen -A',
    '[ ! -e /dev/kvm ] || chgrp kvm /dev/kvm 2>/dev/null || true',
    `/usr/sbin/sshd -E /var/log/sshd-lab.log ${sshdArgs} || { echo "lab: sshd failed to start" >&2; exit 1; }`,
    ...(p.daemons ?? []).map((d) => `${d} || echo "lab: daemon failed: "${quote(d)} >&2`),
    'echo "lab: $(hostname) up"',
    // PID 1 of a PID namespace only gets the signals it handles: TERM (the lab) or the power
    // commands' signals stop every process of the host, then the init exits — for good, or
    // with the code that has the supervisor boot the host again
    "stop_all() { kill -TERM -1 2>/dev/null; sleep 1; kill -KILL -1 2>/dev/null; }",
    `trap 'echo "lab: $(hostname) stopping"; stop_all; exit 0' TERM INT ${STOP_SIGNAL}`,
    `trap 'echo "lab: $(hostname) restarting"; stop_all; exit ${RESTART_EXIT_CODE}' ${RESTART_SIGNAL}`,
    // `wait` blocks in waitpid(-1): it also reaps orphans re-parented to this init.
    'while :; do sleep 3600 & wait $!; done',
  ].join('\n');
}

/** Overlay options are comma/colon separated: a path holding either cannot be passed safely. */
function assertOverlaySafe(path: string): void {
  if (/[,:\n]/.test(path))
    throw new PlayError('LAB_BAD_PATH', `lab path ${JSON.stringify(path)} contains ',' or ':'`, {
      hint: 'set XDG_CACHE_HOME to a directory whose path has neither character',
    });
}

export function initScript(p: InitScriptParams): string {
  const lowers = [...(p.layers ?? []), p.base];
  for (const path of [...lowers, p.upper, p.work]) assertOverlaySafe(path);
  const q = quote;
  const bootId = q(p.bootId);
  const r = (sub: string): string => `"$root"/${sub}`;
  const lines = [
    'set -eu',
    `root=${q(p.merged)}`,
    `mkdir -p ${q(p.upper)} ${q(p.work)} "$root"`,
    `mount -t overlay overlay -o ${q(`lowerdir=${lowers.join(':')},upperdir=${p.upper},workdir=${p.work}`)} "$root"`,
    `mount -t proc -o nosuid,nodev,noexec proc ${r('proc')}`,
    `mount -t sysfs -o ro,nosuid,nodev,noexec sysfs ${r('sys')}`,
    `mount -t tmpfs -o mode=755,nosuid,nodev tmpfs ${r('run')}`,
    `mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs ${r('tmp')}`,
    ...devSetupLines(r('dev'), { kvm: p.kvm }),
  ];
  lines.push(
    // The UTS namespace is ours: this names the host without touching the machine's name.
    `echo ${q(p.name)} > /proc/sys/kernel/hostname`,
    // The network stack is the machine's: no sysctl written in a host may change it.
    // (a kernel without magic SysRq has no /proc/sysrq-trigger: nothing to protect there)
    ...READ_ONLY_PROC.map((sub) => `if [ -e ${r(sub)} ]; then mount --bind ${r(sub)} ${r(sub)} && mount -o remount,bind,ro ${r(sub)}; fi`),
    // Each boot its own id, as on a machine that restarts (over the read-only /proc/sys: on top)
    `cat /proc/sys/kernel/random/uuid > ${bootId}`,
    `mount --bind ${bootId} ${r(BOOT_ID)} && mount -o remount,bind,ro ${r(BOOT_ID)}`,
    `if [ -e ${q(`${p.upper}/etc/hosts`)} ] || [ -L ${q(`${p.upper}/etc/hosts`)} ]; then own_hosts=1; else own_hosts=0; fi`,
    // Root in a host keeps what libvirt and Asterisk need, but may not load kernel modules,
    // reboot the machine, make device nodes or reach raw I/O ports.
    `exec setpriv --bounding-set ${DROPPED_CAPABILITIES.map((c) => `-${c}`).join(',')} chroot "$root" /usr/bin/env -i PATH=${PATH} HOME=/root LANG=C.UTF-8 LAB_OWN_HOSTS="$own_hosts" /bin/sh -c ${q(innerInitScript(p))}`,
  );
  return `${lines.join('\n')}\n`;
}
