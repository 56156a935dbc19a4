import { quote } from '../util/shell-quote.js';

/**
 * The fact-gathering script: POSIX sh that CentOS 5's bash 3.2 and dash both run, with few
 * processes (shell builtins and /proc, /sys where they do; dozens of hosts gather at once). It
 * prints `key=value` lines, and multi-line raw data between `@@begin NAME` and `@@end NAME`;
 * the parsers (./gather-output.ts and the *-facts.ts files) turn both into Ansible's facts.
 */

/** Ansible's fact subsets play collects; `min` is the rest (platform, distribution, user…). */
export type Subset = 'min' | 'hardware' | 'network' | 'virtual';
const SUBSETS: readonly Subset[] = ['min', 'hardware', 'network', 'virtual'];

/**
 * gather_subset as Ansible 2.14 reads it: `all` (the default), subsets, and `!subset` to leave
 * one out; `min` is always gathered unless `!min` is given, so exclusions alone give `min`.
 */
export function resolveSubsets(given: readonly string[]): Set<Subset> | { unknown: string } {
  const include = new Set<Subset>();
  const exclude = new Set<Subset>();
  for (const raw of given) {
    const neg = raw.startsWith('!');
    const name = neg ? raw.slice(1) : raw;
    if (name !== 'all' && !SUBSETS.includes(name as Subset)) return { unknown: raw };
    const names: Subset[] = name === 'all' ? SUBSETS.filter((s) => s !== 'min') : [name as Subset];
    if (neg) for (const n of names) exclude.add(n);
    else for (const n of names) include.add(n);
  }
  include.add('min');
  for (const s of exclude) include.delete(s);
  return include;
}

const COMMON = `k() { printf '%s=%s\\n' "$1" "$2"; }
r() { v=; [ -r "$1" ] || return 1; read -r v < "$1" || [ -n "$v" ]; }
c() { while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < "$1"; }
b() { echo "@@begin $1"; }
e() { echo "@@end $1"; }
`;

const MIN = `if [ -r /etc/os-release ]; then . /etc/os-release; k os_id "$ID"; k os_like "$ID_LIKE"; k os_version "$VERSION_ID"; k os_name "$NAME"; k os_codename "$VERSION_CODENAME"; fi
[ -r /etc/redhat-release ] && r /etc/redhat-release && k redhat_release "$v"
[ -r /etc/debian_version ] && r /etc/debian_version && k debian_version "$v"
set -- $(uname -srm); k system "$1"; k kernel "$2"; k arch "$3"
if r /proc/sys/kernel/version; then k kernel_version "$v"; else k kernel_version "$(uname -v)"; fi
if r /proc/sys/kernel/hostname && [ -n "$v" ]; then k hostname "$v"; else k hostname "$(hostname 2>/dev/null || uname -n)"; fi
k fqdn "$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)"
if [ -c /dev/kvm ]; then k dev_kvm_node 1; if (: < /dev/kvm) 2>/dev/null || [ ! -r /dev/kvm ]; then k dev_kvm 1; fi; fi
if [ -d /run/systemd/system ]; then k init systemd; elif [ -d /etc/init.d ] || [ -d /etc/rc.d/init.d ]; then k init sysv; else k init none; fi
for p in apt-get dnf yum zypper apk; do if command -v $p >/dev/null 2>&1; then k pkg_mgr $p; break; fi; done
i=$(id); u=\${i#uid=}; u=\${u%%[!0-9]*}; n=\${i#*\\(}; n=\${n%%\\)*}; g=\${i#*gid=}; g=\${g%%[!0-9]*}; k user_id "$n"; k user_uid "$u"; k user_gid "$g"
b passwd; getent passwd "$n" 2>/dev/null || grep "^$n:" /etc/passwd 2>/dev/null; e passwd
command -v python3 >/dev/null 2>&1 && k python 1
d=$(LC_ALL=C date '+%Y|%m|%d|%H|%M|%S|%Z|%z|%A|%w|%W|%s|%N'); k date "$d"
b tz; printf '%s\\n' "\${d%%|*}-01-01 12:00" "\${d%%|*}-07-01 12:00" | LC_ALL=C date -f - '+%Z %z' 2>/dev/null; e tz
b env; env; e env
if command -v lsb_release >/dev/null 2>&1; then b lsb_release; lsb_release -a 2>/dev/null; e lsb_release; elif [ -r /etc/lsb-release ]; then b lsb_file; c /etc/lsb-release; e lsb_file; fi
for d in /sys/fs/selinux /selinux; do if r $d/enforce; then k selinux_enforce "$v"; r $d/policyvers && k selinux_policyvers "$v"; [ -r /etc/selinux/config ] && { b selinux_config; c /etc/selinux/config; e selinux_config; }; break; fi; done
if r /etc/machine-id || r /var/lib/dbus/machine-id; then k machine_id "$v"; fi
if [ -d "$FACT_PATH" ]; then for f in "$FACT_PATH"/*.fact; do [ -f "$f" ] || continue; n=\${f##*/}; b "local \${n%.fact}"; if [ -x "$f" ]; then "$f" 2>/dev/null; else c "$f"; fi; echo; e local; done; fi
`;

const HARDWARE = `r /proc/uptime && k uptime "$v"
b meminfo; c /proc/meminfo; e meminfo
b cpuinfo; awk -F': *' '/^(processor|vendor_id|model name|physical id|core id|cpu cores|siblings)[[:space:]]*:/{sub(/[[:space:]]+$/, "", $1); print $1 "=" $2} /^flags/{for(i=1;i<=NF;i++) if($i ~ /(^| )(vmx|svm)( |$)/){print "virt_flag=" ($i ~ /vmx/ ? "vmx" : "svm")}}' /proc/cpuinfo 2>/dev/null; e cpuinfo
k nproc "$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)"
b mounts; c /proc/mounts; e mounts
set --; [ -r /proc/mounts ] && while read -r dev mnt fs rest; do case $dev in /*|*:/*) [ "$fs" = none ] || set -- "$@" "$mnt";; esac; done < /proc/mounts
to=; command -v timeout >/dev/null 2>&1 && to="timeout $GATHER_TIMEOUT"
[ $# -gt 0 ] && { b statfs; $to stat -f -c '%S %s %b %a %f %c %d %n' "$@" 2>/dev/null; e statfs; }
`;

const VIRTUAL = `[ -e /.dockerenv ] && k virt_dockerenv 1
[ -e /run/.containerenv ] && k virt_containerenv 1
[ -r /run/systemd/container ] && r /run/systemd/container && k virt_container "$v"
[ -r /proc/1/environ ] && k virt_environ "$(grep -a -o 'container=[[:alnum:]]*' /proc/1/environ 2>/dev/null)"
b cgroup; c /proc/1/cgroup 2>/dev/null; e cgroup
[ -d /proc/vz ] && k virt_vz 1; [ -d /proc/bc ] && k virt_bc 1
[ -r /proc/xen/capabilities ] && { r /proc/xen/capabilities; k virt_xen "x$v"; }
for f in product_name sys_vendor product_version bios_vendor; do r /sys/devices/virtual/dmi/id/$f && k dmi_$f "$v"; done
[ -r /proc/modules ] && while read -r m rest; do case $m in kvm) k virt_kvm_module 1;; vboxdrv) k virt_vbox_module 1;; esac; done < /proc/modules
grep -q '^flags.* hypervisor' /proc/cpuinfo 2>/dev/null && k virt_hypervisor_flag 1
`;

const NETWORK = `b links; for d in /sys/class/net/*; do [ -d "$d" ] || continue; n=\${d##*/}; r $d/address; a=$v; r $d/mtu; m=$v; r $d/type; t=$v; r $d/flags; f=$v; r $d/operstate; o=$v; x=-; [ -d $d/bridge ] && x=bridge; [ -d $d/bonding ] && x=bonding; echo "$n \${a:--} \${m:--} \${t:--} \${f:--} \${o:--} $x"; done; e links
b ipv4; ip -o -4 addr show 2>/dev/null; e ipv4
b ipv6; c /proc/net/if_inet6 2>/dev/null; e ipv6
b route4; c /proc/net/route 2>/dev/null; e route4
b route6; c /proc/net/ipv6_route 2>/dev/null; e route6
`;

export interface GatherScriptOptions {
  subsets: ReadonlySet<Subset>;
  /** Seconds the slowest probe (filesystem sizes: a hung NFS mount) may take. */
  timeout: number;
  factPath: string;
}

export function gatherScript(marker: string, o: GatherScriptOptions): string {
  const parts = [marker, COMMON, `FACT_PATH=${quote(o.factPath)}; GATHER_TIMEOUT=${Math.max(1, Math.floor(o.timeout))}`];
  if (o.subsets.has('min')) parts.push(MIN);
  if (o.subsets.has('hardware')) parts.push(HARDWARE);
  if (o.subsets.has('virtual')) parts.push(VIRTUAL);
  if (o.subsets.has('network')) parts.push(NETWORK);
  parts.push('true');
  return parts.join('\n');
}
