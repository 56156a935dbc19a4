import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** One namespace host of the lab: its own root overlay, PID/UTS/IPC namespaces and sshd. */
export interface LabHost {
  name: string;
  /** A 127.0.0.0/8 address; every service of the host binds only this address. */
  address: string;
  /** Give the host /dev/kvm (the hypervisor host of the lab). */
  kvm: boolean;
  /**
   * Give the host /usr/bin/python3 (the lab's Python layer over the base): for running
   * Ansible itself against lab hosts, as the benchmark does. The base stays Python-free.
   */
  python?: boolean | undefined;
}

/**
 * A process the lab starts next to the namespace hosts (the SPA303 phone emulator). The lab
 * records the PID `start` returns, stops it on `down`, and calls the service up when a TCP
 * connect to address:port succeeds.
 */
export interface LabService {
  name: string;
  address: string;
  port: number;
  /** Starts the service detached from the calling process and returns its PID. */
  start(ctx: { logFile: string }): Promise<number>;
  /**
   * A directory of the lab root where the service keeps what it was told (the phone's
   * configuration): `play lab reset` discards it, so the service starts again as from the factory.
   */
  stateDir?: string;
}

/**
 * Packages of the base image. Installed with --no-install-recommends: recommends would pull
 * Python (and desktop bits) into an image whose point is that targets need no Python.
 */
export const DEFAULT_LAB_PACKAGES: readonly string[] = [
  'openssh-server',
  'iproute2',
  'procps',
  'sudo',
  'coreutils',
  'asterisk',
  'asterisk-modules',
  'libvirt-daemon-system',
  'libvirt-clients',
  'qemu-system-x86',
  'qemu-utils',
  'dahdi',
];

export interface LabPaths {
  root: string;
  base: string;
  baseStamp: string;
  hosts: string;
  /** The Python layer (see python-layer.ts) and its stamp. */
  python: string;
  pythonStamp: string;
  /** The power layer (see power-layer.ts): the hosts' own shutdown, reboot, halt and poweroff. */
  power: string;
  state: string;
  privateKey: string;
  publicKey: string;
  knownHosts: string;
}

/** What each lab keeps of its own under its root: hosts, state, key, Python layer. */
function ownPaths(root: string): Omit<LabPaths, 'base' | 'baseStamp'> {
  return {
    root,
    hosts: join(root, 'hosts'),
    python: join(root, 'python'),
    pythonStamp: join(root, 'python.stamp'),
    power: join(root, 'power'),
    state: join(root, 'state.json'),
    privateKey: join(root, 'id_ed25519'),
    publicKey: join(root, 'id_ed25519.pub'),
    knownHosts: join(root, 'known_hosts'),
  };
}

/** Everything the lab keeps lives under ${XDG_CACHE_HOME:-~/.cache}/play/lab. */
export function labPaths(env: NodeJS.ProcessEnv = process.env): LabPaths {
  const cache = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  const root = join(cache, 'play', 'lab');
  return { ...ownPaths(root), base: join(root, 'base'), baseStamp: join(root, 'base.stamp') };
}

/**
 * A second lab beside the default one — its own hosts, state, key and Python layer — that runs
 * on the default lab's base image (never rebuilt from here: see LabUpOptions.existingBase).
 */
export function labPathsSharingBase(name: string, env: NodeJS.ProcessEnv = process.env): LabPaths {
  const main = labPaths(env);
  return { ...main, ...ownPaths(join(dirname(main.root), name)) };
}

export interface HostDirs {
  dir: string;
  upper: string;
  work: string;
  merged: string;
  log: string;
  /** This boot's id, bind-mounted over the host's /proc/sys/kernel/random/boot_id. */
  bootId: string;
}

export function hostDirs(paths: LabPaths, name: string): HostDirs {
  const dir = join(paths.hosts, name);
  return {
    dir,
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    merged: join(dir, 'merged'),
    log: join(dir, 'init.log'),
    bootId: join(dir, 'boot_id'),
  };
}

/** Host names become directory names and hostnames: keep them to what both accept. */
export function isValidHostName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(name);
}

export function isLoopbackAddress(address: string): boolean {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}
