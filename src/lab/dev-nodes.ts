/**
 * A minimal /dev for a lab root: a tmpfs with fresh device nodes and a private devpts.
 * Fresh nodes (mknod) rather than bind mounts of the machine's: a chmod/chgrp inside a lab host
 * (package scripts do that to /dev/kvm) then changes the host's node, never the machine's.
 */
interface DeviceNode {
  name: string;
  major: number;
  minor: number;
  mode: string;
}

const BASIC_DEVICES: readonly DeviceNode[] = [
  { name: 'null', major: 1, minor: 3, mode: '666' },
  { name: 'zero', major: 1, minor: 5, mode: '666' },
  { name: 'full', major: 1, minor: 7, mode: '666' },
  { name: 'random', major: 1, minor: 8, mode: '666' },
  { name: 'urandom', major: 1, minor: 9, mode: '666' },
  { name: 'tty', major: 5, minor: 0, mode: '666' },
];

export const KVM_DEVICE: DeviceNode = { name: 'kvm', major: 10, minor: 232, mode: '660' };

/** Shell lines building `${dev}` (a shell word naming the root's /dev directory). */
export function devSetupLines(dev: string, opts: { kvm: boolean }): string[] {
  const nodes = opts.kvm ? [...BASIC_DEVICES, KVM_DEVICE] : BASIC_DEVICES;
  return [
    `mount -t tmpfs -o mode=755,nosuid tmpfs ${dev}`,
    ...nodes.map((n) => `mknod -m ${n.mode} ${dev}/${n.name} c ${n.major} ${n.minor}`),
    `mkdir -p ${dev}/pts ${dev}/shm`,
    `mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts ${dev}/pts`,
    `mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs ${dev}/shm`,
    `ln -s pts/ptmx ${dev}/ptmx`,
    `ln -s /proc/self/fd ${dev}/fd`,
    `ln -s /proc/self/fd/0 ${dev}/stdin`,
    `ln -s /proc/self/fd/1 ${dev}/stdout`,
    `ln -s /proc/self/fd/2 ${dev}/stderr`,
  ];
}
