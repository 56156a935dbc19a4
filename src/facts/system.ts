import { rawCommand } from '../connection/command.js';
import type { ShellFact } from './types.js';

/**
 * Everything `gather_facts` collects, in one round trip with POSIX sh + coreutils only, and
 * with few processes (builtins and /proc where they do; dozens of hosts gather at once)
 * (no Python: CentOS 5 era targets have none usable). Each probe prints "key=value" lines;
 * the parser turns them into Ansible's fact names.
 */
const GATHER_SCRIPT = `# play:gather-facts
k() { printf '%s=%s\\n' "$1" "$2"; }
r() { v=; [ -r "$1" ] || return 1; read -r v < "$1" || [ -n "$v" ]; }
if [ -r /etc/os-release ]; then . /etc/os-release; k os_id "$ID"; k os_like "$ID_LIKE"; k os_version "$VERSION_ID"; k os_name "$NAME"; k os_codename "$VERSION_CODENAME"; fi
[ -r /etc/redhat-release ] && r /etc/redhat-release && k redhat_release "$v"
[ -r /etc/debian_version ] && r /etc/debian_version && k debian_version "$v"
set -- $(uname -srm); k system "$1"; k kernel "$2"; k arch "$3"
if r /proc/sys/kernel/hostname && [ -n "$v" ]; then k hostname "$v"; else k hostname "$(hostname 2>/dev/null || uname -n)"; fi
k fqdn "$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)"
awk '/^MemTotal:/{t=$2} /^MemAvailable:/{a=$2} /^MemFree:/{f=$2} END{print "memtotal_kb=" t; print "memfree_kb=" (a?a:f)}' /proc/meminfo 2>/dev/null
awk '/^processor/{n++} !v && /^flags/{for(i=1;i<=NF;i++) if($i=="vmx"||$i=="svm"){v=$i; break}} END{print "cpus=" n+0; print "virt_flags=" v}' /proc/cpuinfo 2>/dev/null
if [ -c /dev/kvm ]; then k dev_kvm_node 1; if (: < /dev/kvm) 2>/dev/null || [ ! -r /dev/kvm ]; then k dev_kvm 1; fi; fi
if [ -d /run/systemd/system ]; then k init systemd; elif [ -d /etc/init.d ] || [ -d /etc/rc.d/init.d ]; then k init sysv; else k init none; fi
for p in apt-get dnf yum zypper apk; do if command -v $p >/dev/null 2>&1; then k pkg_mgr $p; break; fi; done
w() { while [ $# -gt 1 ]; do if [ "$1" = "$want" ]; then v=$2; return; fi; shift; done; }
route=$(ip -4 route get 1.1.1.1 2>/dev/null)
v=; want=dev; w $route; k default_if "$v"
v=; want=src; w $route; k default_ipv4 "$v"
i=$(id); u=\${i#uid=}; u=\${u%%[!0-9]*}; n=\${i#*\\(}; n=\${n%%\\)*}; k user_id "$n"; k user_uid "$u"
command -v asterisk >/dev/null 2>&1 && k asterisk_version "$(asterisk -V 2>/dev/null)"
command -v python3 >/dev/null 2>&1 && k python 1
k date_epoch "$(date +%s)"
true
`;

export type GatheredFacts = Record<string, unknown>;

export const gatherFacts: ShellFact<Record<string, never>, GatheredFacts> = {
  name: 'system.gather',
  lifetime: 'run',
  // without a connection the inventory says what the host is (play_offline_facts)
  offline: (_args, given) => ({ ...toAnsibleFacts({}), ...given.facts }),
  command: () => rawCommand(GATHER_SCRIPT),
  parse(result) {
    const raw: Record<string, string> = {};
    for (const line of result.stdout.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) raw[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return toAnsibleFacts(raw);
  },
};

const FAMILY: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  raspbian: 'Debian',
  centos: 'RedHat',
  rhel: 'RedHat',
  redhat: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  ol: 'RedHat',
  amzn: 'RedHat',
  alpine: 'Alpine',
  sles: 'Suse',
  opensuse: 'Suse',
  arch: 'Archlinux',
};

const PRETTY: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  centos: 'CentOS',
  rhel: 'RedHat',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  alpine: 'Alpine',
};

export function toAnsibleFacts(raw: Record<string, string>): GatheredFacts {
  let distro = raw.os_id ?? '';
  let version = raw.os_version ?? '';
  // CentOS 5 has no /etc/os-release: "CentOS release 5.5 (Final)"
  if (!distro && raw.redhat_release) {
    const m = /^(\w+).*?release ([\d.]+)/.exec(raw.redhat_release);
    distro = (m?.[1] ?? 'redhat').toLowerCase();
    version = m?.[2] ?? '';
  }
  if (!distro && raw.debian_version) {
    distro = 'debian';
    version = raw.debian_version;
  }
  // Debian sid reports no VERSION_ID; Ansible then uses /etc/debian_version ("trixie/sid")
  if (distro === 'debian' && !version && raw.debian_version) version = raw.debian_version;
  const like = (raw.os_like ?? '').split(/\s+/);
  const family = FAMILY[distro] ?? like.map((l) => FAMILY[l]).find(Boolean) ?? (distro ? cap(distro) : 'Unknown');
  const memKb = Number(raw.memtotal_kb ?? 0);
  const astMatch = /Asterisk\s+(\S+)/.exec(raw.asterisk_version ?? '');
  const facts: GatheredFacts = {
    os_family: family,
    distribution: PRETTY[distro] ?? cap(distro || 'unknown'),
    distribution_version: version,
    distribution_major_version: version.split(/[./]/)[0] ?? '',
    distribution_release: raw.os_codename ?? '',
    kernel: raw.kernel ?? '',
    architecture: raw.arch ?? '',
    machine: raw.arch ?? '',
    system: raw.system ?? 'Linux',
    hostname: (raw.hostname ?? '').split('.')[0] ?? '',
    nodename: raw.hostname ?? '',
    fqdn: raw.fqdn ?? '',
    memtotal_mb: Math.floor(memKb / 1024),
    memfree_mb: Math.floor(Number(raw.memfree_kb ?? 0) / 1024),
    processor_vcpus: Number(raw.cpus ?? 0),
    processor_count: Number(raw.cpus ?? 0),
    virtualization_cpu_flag: raw.virt_flags || null,
    // usable: a node without the kernel module behind it (ENXIO) is not KVM; one that this
    // user may not open counts, since libvirt opens it as root
    kvm_device: raw.dev_kvm === '1',
    kvm_device_node: raw.dev_kvm_node === '1',
    service_mgr: raw.init === 'systemd' ? 'systemd' : raw.init === 'sysv' ? 'sysvinit' : 'none',
    pkg_mgr: raw.pkg_mgr === 'apt-get' ? 'apt' : (raw.pkg_mgr ?? 'unknown'),
    default_ipv4: { interface: raw.default_if ?? '', address: raw.default_ipv4 ?? '' },
    user_id: raw.user_id ?? '',
    user_uid: Number(raw.user_uid ?? -1),
    asterisk_version: astMatch?.[1] ?? null,
    python_present: raw.python === '1',
    date_time: { epoch: raw.date_epoch ?? '' },
  };
  return facts;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
