import { rawCommand } from '../connection/command.js';
import { gatherScript, resolveSubsets, type Subset } from './gather-script.js';
import { splitGatherOutput, type GatherOutput } from './gather-output.js';
import { memoryFacts, mountFacts, processorFacts } from './hardware-facts.js';
import { localFacts } from './local-facts.js';
import { networkFacts } from './network-facts.js';
import { dateTimeFacts, envFacts, lsbFacts, selinuxFacts, uptimeSeconds, userFacts } from './platform-facts.js';
import type { ShellFact } from './types.js';
import { virtualFacts } from './virtual-facts.js';

/**
 * Everything `gather_facts` collects, in one round trip with POSIX sh + coreutils only (no
 * Python: CentOS 5 era targets have none usable): ./gather-script.ts is the script, the
 * *-facts.ts parsers turn its output into Ansible's fact names and shapes.
 */
/** First line of the fact-gathering script: names it in traces and process lists. */
const GATHER_MARKER = '# play:gather-facts';

export interface GatherArgs {
  /** Ansible's gather_subset: all, min, hardware, network, virtual, or !… to leave one out. */
  gather_subset: string[];
  /** Seconds the slowest probe (filesystem sizes) may take. */
  gather_timeout: number;
  /** Where local facts (*.fact) are read. */
  fact_path: string;
}

export const DEFAULT_GATHER_ARGS: GatherArgs = { gather_subset: ['all'], gather_timeout: 10, fact_path: '/etc/ansible/facts.d' };

export type GatheredFacts = Record<string, unknown>;

export const gatherFacts: ShellFact<GatherArgs, GatheredFacts> = {
  name: 'system.gather',
  lifetime: 'run',
  // without a connection the inventory says what the host is (play_offline_facts)
  offline: (_args, given) => ({ ...toAnsibleFacts({}), ...given.facts }),
  command: (args) => rawCommand(gatherScript(GATHER_MARKER, { subsets: subsetsOf(args), timeout: args.gather_timeout, factPath: args.fact_path })),
  parse(result, args) {
    const out = splitGatherOutput(result.stdout);
    return gathered(out, args);
  },
};

function subsetsOf(args: GatherArgs): Set<Subset> {
  const s = resolveSubsets(args.gather_subset);
  if (!(s instanceof Set)) throw new Error(`gather_subset: unknown subset '${s.unknown}'`);
  return s;
}

function gathered(out: GatherOutput, args: GatherArgs): GatheredFacts {
  const subsets = subsetsOf(args);
  const facts: GatheredFacts = { gather_subset: args.gather_subset, module_setup: true };
  if (subsets.has('min')) {
    Object.assign(facts, toAnsibleFacts(out.kv), userFacts(out), {
      date_time: dateTimeFacts(out.kv, out.sections.get('tz')) ?? {},
      env: envFacts(out.sections.get('env')),
      lsb: lsbFacts(out),
      selinux: selinuxFacts(out),
      local: localFacts(out, args.fact_path),
    });
    if (out.kv.machine_id) facts.machine_id = out.kv.machine_id;
    const fqdn = String(facts.fqdn ?? '');
    facts.domain = fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '';
  }
  if (subsets.has('hardware')) {
    Object.assign(facts, memoryFacts(out), processorFacts(out), { mounts: mountFacts(out) });
    const uptime = uptimeSeconds(out.kv);
    if (uptime !== undefined) facts.uptime_seconds = uptime;
  }
  if (subsets.has('virtual')) Object.assign(facts, virtualFacts(out));
  if (subsets.has('network')) Object.assign(facts, networkFacts(out));
  return facts;
}

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
  // Ansible reads Debian's version from /etc/debian_version ("12.11"; "trixie/sid" on sid)
  if (distro === 'debian' && raw.debian_version && (!version || raw.debian_version.startsWith(`${version}.`))) version = raw.debian_version;
  const like = (raw.os_like ?? '').split(/\s+/);
  const family = FAMILY[distro] ?? like.map((l) => FAMILY[l]).find(Boolean) ?? (distro ? cap(distro) : 'Unknown');
  const facts: GatheredFacts = {
    os_family: family,
    distribution: PRETTY[distro] ?? cap(distro || 'unknown'),
    distribution_version: version,
    distribution_major_version: version.split(/[./]/)[0] ?? '',
    ...(/^\d+\.\d+/.test(version) ? { distribution_minor_version: version.split('.')[1] } : {}),
    distribution_release: raw.os_codename ?? '',
    kernel: raw.kernel ?? '',
    kernel_version: raw.kernel_version ?? '',
    architecture: raw.arch ?? '',
    machine: raw.arch ?? '',
    system: raw.system ?? 'Linux',
    hostname: (raw.hostname ?? '').split('.')[0] ?? '',
    nodename: raw.hostname ?? '',
    fqdn: raw.fqdn ?? '',
    // usable: a node without the kernel module behind it (ENXIO) is not KVM; one that this
    // user may not open counts, since libvirt opens it as root
    kvm_device: raw.dev_kvm === '1',
    kvm_device_node: raw.dev_kvm_node === '1',
    service_mgr: raw.init === 'systemd' ? 'systemd' : raw.init === 'sysv' ? 'sysvinit' : 'none',
    pkg_mgr: raw.pkg_mgr === 'apt-get' ? 'apt' : (raw.pkg_mgr ?? 'unknown'),
    python_present: raw.python === '1',
  };
  return facts;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
