import type { GatherOutput } from './gather-output.js';

/** DMI product names and vendors of hypervisors, as Ansible's Linux virtual facts know them. */
const DMI_GUESTS: [RegExp, string][] = [
  [/^(KVM|KVM Server|Bochs|AHV|Standard PC.*)$/, 'kvm'],
  [/^QEMU$/, 'kvm'],
  [/^Amazon EC2$/, 'kvm'],
  [/^Google/, 'kvm'],
  [/^VMware/, 'VMware'],
  [/^VirtualBox$/, 'virtualbox'],
  [/^innotek GmbH$/, 'virtualbox'],
  [/^HVM domU$/, 'xen'],
  [/^Xen$/, 'xen'],
  [/^RHEV Hypervisor$/, 'RHEV'],
  [/^oVirt/, 'oVirt'],
  [/^OpenStack/, 'openstack'],
  [/^Parallels/, 'parallels'],
  [/^Bhyve$|^BHYVE$/, 'bhyve'],
];

/**
 * virtualization_type/role and the tech lists: the first guest technology found (container,
 * then hypervisor) makes the host a guest; else a hypervisor module makes it a host; else NA.
 */
export function virtualFacts(out: GatherOutput): Record<string, unknown> {
  const { kv } = out;
  const guest = new Set<string>();
  const host = new Set<string>();
  const cgroup = (out.sections.get('cgroup') ?? []).join('\n');
  const environ = (kv.virt_environ ?? '').split('\n').find((l) => l.startsWith('container='))?.slice('container='.length);
  // in Ansible's order: the first found is virtualization_type
  if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(cgroup)) guest.add('docker');
  if (/\/lxc\/|\/machine\.slice\/machine-lxc/.test(cgroup) || environ === 'lxc') guest.add('lxc');
  if (/\/system\.slice\/containerd\.service/.test(cgroup)) guest.add('containerd');
  if (environ === 'podman' || kv.virt_containerenv) guest.add('podman');
  if (environ) guest.add('container');
  if (kv.virt_vz && kv.virt_bc) host.add('openvz');
  if (kv.virt_vz && !kv.virt_bc) guest.add('openvz');
  if (kv.virt_container) guest.add(kv.virt_container);
  if (kv.virt_dockerenv) guest.add('docker');
  if (kv.virt_xen !== undefined) (kv.virt_xen.includes('control_d') ? host : guest).add('xen');
  for (const dmi of [kv.dmi_product_name, kv.dmi_sys_vendor, kv.dmi_bios_vendor]) {
    const hit = dmi === undefined ? undefined : DMI_GUESTS.find(([re]) => re.test(dmi.trim()));
    if (hit) guest.add(hit[1]);
  }
  if (kv.virt_kvm_module || kv.dev_kvm_node) host.add('kvm');
  if (kv.virt_vbox_module) host.add('virtualbox');
  const firstGuest = [...guest][0];
  const firstHost = [...host][0];
  return {
    virtualization_type: firstGuest ?? firstHost ?? 'NA',
    virtualization_role: firstGuest ? 'guest' : firstHost ? 'host' : 'NA',
    virtualization_tech_guest: [...guest].sort(),
    virtualization_tech_host: [...host].sort(),
  };
}
