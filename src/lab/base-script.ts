import { quote } from '../connection/command.js';
import { devSetupLines } from './dev-nodes.js';

/**
 * The second stage of the base build, run by /bin/sh in a private mount namespace (so the
 * chroot's /proc and /dev mounts disappear with it, even when interrupted).
 */

const APT = 'apt-get -y -q -o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0';

/**
 * dahdi's userspace depends on "dahdi-dkms | dahdi-source", which build kernel modules with a
 * whole compiler toolchain. Lab hosts share the machine's kernel and cannot load modules, so a
 * stub package provides both names and apt stays consistent for later installs.
 */
const KERNEL_MODULE_STUB = [
  'Package: lab-dahdi-kernel-modules-stub',
  'Version: 1.0',
  'Architecture: all',
  'Maintainer: play lab <root@localhost>',
  'Provides: dahdi-dkms, dahdi-source',
  'Description: stands in for DAHDI kernel modules in a play lab host',
  ' Lab hosts share the kernel of the machine they run on and cannot load modules.',
  '',
].join('\n');

/**
 * Settings that let libvirt run QEMU inside a lab host: no mount namespaces or cgroups of its
 * own (the host is already a namespace, without a cgroup tree of its own), QEMU as root because
 * /dev/kvm is the machine's node (root-only) bind-mounted, and no AppArmor/SELinux driver.
 */
export const LIBVIRT_QEMU_CONF = [
  '',
  '# play lab: run guests inside a namespace host',
  'namespaces = []',
  'cgroup_controllers = []',
  'user = "root"',
  'group = "root"',
  'security_driver = "none"',
  'remember_owner = 0',
  '',
].join('\n');

export function baseBuildScript(root: string, packages: readonly string[]): string {
  const R = quote(root);
  const inChroot = (cmd: string): string =>
    `chroot ${R} /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 /bin/sh -c ${quote(cmd)}`;
  const lines = [
    'set -eu',
    // A private /dev: package scripts chmod device nodes (qemu: /dev/kvm), never the machine's.
    ...devSetupLines(`${R}/dev`, { kvm: false }),
    `mount -t proc proc ${R}/proc`,
    `mount -t sysfs sysfs ${R}/sys`,
    // Nothing may start during the install: there is no init here, and the network is shared.
    `printf '#!/bin/sh\\nexit 101\\n' > ${R}/usr/sbin/policy-rc.d`,
    `chmod 755 ${R}/usr/sbin/policy-rc.d`,
    inChroot(`${APT} update`),
  ];
  if (packages.includes('dahdi')) {
    lines.push(
      `mkdir -p ${R}/tmp/lab-stub/DEBIAN`,
      `printf '%s' ${quote(KERNEL_MODULE_STUB)} > ${R}/tmp/lab-stub/DEBIAN/control`,
      inChroot('dpkg-deb --build /tmp/lab-stub /tmp/lab-stub.deb >/dev/null && dpkg -i /tmp/lab-stub.deb'),
      `rm -rf ${R}/tmp/lab-stub ${R}/tmp/lab-stub.deb`,
    );
  }
  lines.push(
    inChroot(`${APT} --no-install-recommends install ${packages.map(quote).join(' ')}`),
    inChroot(`${APT} clean`),
    `rm -f ${R}/usr/sbin/policy-rc.d`,
    // Every host makes its own host keys on first boot.
    `rm -f ${R}/etc/ssh/ssh_host_*`,
    `if [ -f ${R}/etc/libvirt/qemu.conf ]; then printf '%s' ${quote(LIBVIRT_QEMU_CONF)} >> ${R}/etc/libvirt/qemu.conf; fi`,
    'echo "lab: base image installed"',
  );
  return `${lines.join('\n')}\n`;
}
