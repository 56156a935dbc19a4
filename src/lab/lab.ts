import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PlayError } from '../errors.js';
import { readBaseInfo } from './base-info.js';
import type { BaseInfo } from './base-info.js';
import { SUITE, desiredStamp, ensureBaseImage, readStamp, stampMatches } from './base-image.js';
import { ensurePythonLayer } from './python-layer.js';
import { labKvm } from './kvm.js';
import { hostRunning, liveInit } from './boot.js';
import { ensureLabKey, recordIsUp, startHost, stopProcesses, writeKnownHosts } from './host.js';
import type { LabHost, LabPaths, LabService } from './hosts.js';
import { DEFAULT_LAB_PACKAGES, hostDirs, isLoopbackAddress, isValidHostName, labPaths } from './hosts.js';
import { defaultLabHosts } from './lab-inventory.js';
import { withLock } from './lock.js';
import { assertRealDirectory, ensureLabRoot } from './root-dir.js';
import { isAlive, processStartTime, requireRoot, waitFor } from './proc.js';
import type { HostRecord, LabState } from './state.js';
import { readState, writeState } from './state.js';

/** `play lab up|status|down|reset` as functions: the CLI only parses options and prints. */

export interface LabOptions {
  paths?: LabPaths;
  hosts?: readonly LabHost[];
  onProgress?: (step: string) => void;
}

export interface LabUpOptions extends LabOptions {
  packages?: readonly string[];
  mirror?: string;
  /** Services started after the hosts (the SPA303 emulator); stopped by `down`. */
  services?: readonly LabService[];
  /** Start virtlogd + libvirtd on kvm hosts at boot (otherwise roles start them). */
  startLibvirt?: boolean;
  /**
   * Never build or rebuild the base: fail unless it is there and current. For a second lab
   * (own root, the default lab's base) that must not replace a base other hosts run on.
   */
  existingBase?: boolean;
}

export interface HostStatus {
  name: string;
  kind: 'host' | 'service';
  address: string;
  up: boolean;
  pid?: number | undefined;
  /** A kvm host: whether it was given /dev/kvm (false: its guests run under emulation). */
  kvm?: boolean | undefined;
}

const LIBVIRT_DAEMONS = ['/usr/sbin/virtlogd -d', '/usr/sbin/libvirtd -d'];
/** How long `up` waits for a host that is restarting before it stops and starts it anew. */
const RESTART_WAIT_MS = 60_000;

function resolve(opts: LabOptions): { paths: LabPaths; hosts: readonly LabHost[]; progress: (s: string) => void } {
  const hosts = opts.hosts ?? defaultLabHosts();
  for (const h of hosts) {
    if (!isValidHostName(h.name))
      throw new PlayError('LAB_BAD_HOST', `lab host name ${JSON.stringify(h.name)} is not a valid hostname`);
    if (!isLoopbackAddress(h.address))
      throw new PlayError('LAB_BAD_HOST', `lab host ${h.name}: ${h.address} is not in 127.0.0.0/8`, {
        hint: 'lab hosts share the machine network and must each bind their own loopback address',
      });
  }
  return { paths: opts.paths ?? labPaths(), hosts, progress: opts.onProgress ?? (() => undefined) };
}

const stateLock = (paths: LabPaths): string => join(paths.root, 'state.lock');

/** Brings every host (and service) up; hosts already up are left alone. */
export async function labUp(opts: LabUpOptions = {}): Promise<HostStatus[]> {
  const { paths, hosts, progress } = resolve(opts);
  requireRoot();
  await ensureLabRoot(paths.root);
  const services = opts.services ?? [];
  const before = await readState(paths.state);
  const running: string[] = [];
  for (const [name, rec] of Object.entries(before.hosts))
    if (rec.kind === 'host' && (await hostRunning(rec))) running.push(name);
  if (opts.existingBase) {
    if (!stampMatches(await readStamp(paths.baseStamp), desiredStamp(opts.packages ?? DEFAULT_LAB_PACKAGES)))
      throw new PlayError('LAB_NO_BASE', `the lab base image at ${paths.base} is missing or out of date`, { hint: 'run `play lab up` first' });
  } else {
    await ensureBaseImage({
      paths,
      ...(opts.packages ? { packages: opts.packages } : {}),
      ...(opts.mirror ? { mirror: opts.mirror } : {}),
      onProgress: progress,
      hostsRunning: running,
    });
  }
  if (hosts.some((h) => h.python)) await ensurePythonLayer(paths, { onProgress: progress });
  await ensureLabKey(paths);
  const kvm = labKvm();
  return withLock(stateLock(paths), async () => {
    const state = await readState(paths.state);
    for (const host of hosts) {
      const rec = state.hosts[host.name];
      if (rec && (await recordIsUp(rec))) {
        progress(`${host.name}: already up (${host.address})`);
        continue;
      }
      // a host that is rebooting is not started twice: it is waited for
      if (rec?.supervisor && (await isAlive(rec.supervisor))) {
        progress(`${host.name}: restarting, waiting for it`);
        if (await waitFor(() => recordIsUp(rec), RESTART_WAIT_MS, 500)) {
          progress(`${host.name}: up (${host.address})`);
          continue;
        }
      }
      if (rec) await stopProcesses(rec); // half-alive leftovers: start clean
      progress(`${host.name}: starting on ${host.address}`);
      const daemons = host.kvm && opts.startLibvirt ? LIBVIRT_DAEMONS : [];
      // a kvm host without the machine's KVM still runs libvirt: its guests are emulated
      if (host.kvm) progress(`${host.name}: ${kvm.available ? 'KVM' : 'no KVM, guests run under emulation'} (${kvm.reason})`);
      const record = await startHost(paths, { ...host, kvm: host.kvm && kvm.available }, { daemons });
      state.hosts[host.name] = host.kvm ? { ...record, kvm: kvm.available } : record;
      await writeState(paths.state, state);
      progress(`${host.name}: up`);
    }
    for (const service of services) {
      const rec = state.hosts[service.name];
      if (rec && (await recordIsUp(rec))) continue;
      if (rec) await stopProcesses(rec);
      progress(`${service.name}: starting on ${service.address}:${service.port}`);
      state.hosts[service.name] = await startService(paths, service);
      await writeState(paths.state, state);
    }
    // Every running host, not only this call's: other hosts' entries must survive.
    await writeKnownHosts(
      paths,
      Object.entries(state.hosts)
        .filter(([, r]) => r.kind === 'host')
        .map(([name, r]) => ({ name, address: r.address })),
    );
    return statusOf(state);
  });
}

async function startService(paths: LabPaths, service: LabService): Promise<HostRecord> {
  const dir = hostDirs(paths, service.name).dir;
  await mkdir(dir, { recursive: true });
  const pid = await service.start({ logFile: join(dir, 'service.log') });
  const startTime = await processStartTime(pid);
  if (startTime === undefined) throw new PlayError('LAB_START_FAILED', `lab service ${service.name} exited at once`);
  const record: HostRecord = {
    kind: 'service',
    address: service.address,
    port: service.port,
    init: { pid, startTime },
    startedAt: new Date().toISOString(),
  };
  if (!(await waitFor(() => recordIsUp(record), 30_000, 200))) {
    await stopProcesses(record);
    throw new PlayError('LAB_START_FAILED', `lab service ${service.name} did not answer on ${service.address}:${service.port}`);
  }
  return record;
}

async function statusOf(state: LabState): Promise<HostStatus[]> {
  const out: HostStatus[] = [];
  for (const [name, rec] of Object.entries(state.hosts)) out.push(await recordStatus(name, rec));
  return out;
}

/** A recorded host's or service's status; a host that restarted shows its current init. */
async function recordStatus(name: string, rec: HostRecord): Promise<HostStatus> {
  const init = await liveInit(rec);
  return { name, kind: rec.kind, address: rec.address, up: init !== undefined && (await recordIsUp(rec)), pid: init?.pid, kvm: rec.kvm };
}

/** Every configured host (down when never started) plus recorded services. */
export async function labStatus(opts: LabOptions = {}): Promise<HostStatus[]> {
  const { paths, hosts } = resolve(opts);
  const state = await readState(paths.state);
  const out: HostStatus[] = [];
  const seen = new Set<string>();
  for (const host of hosts) {
    seen.add(host.name);
    const rec = state.hosts[host.name];
    out.push(rec ? { ...(await recordStatus(host.name, rec)), address: host.address } : { name: host.name, kind: 'host', address: host.address, up: false });
  }
  for (const [name, rec] of Object.entries(state.hosts)) if (!seen.has(name)) out.push(await recordStatus(name, rec));
  return out;
}

/** What the base image was built from (undefined: not built yet). */
export function labBaseInfo(opts: LabOptions = {}): Promise<BaseInfo | undefined> {
  return readBaseInfo(resolve(opts).paths, SUITE);
}

/** Stops the named hosts/services (all recorded ones by default), exactly the PIDs recorded. */
export async function labDown(opts: LabOptions & { names?: readonly string[] } = {}): Promise<string[]> {
  const { paths, progress } = resolve(opts);
  return withLock(stateLock(paths), async () => {
    const state = await readState(paths.state);
    const names = opts.names ?? Object.keys(state.hosts);
    const stopped: string[] = [];
    for (const name of names) {
      const rec = state.hosts[name];
      if (!rec) continue;
      progress(`${name}: stopping`);
      await stopProcesses(rec);
      delete state.hosts[name];
      await writeState(paths.state, state);
      stopped.push(name);
    }
    return stopped;
  });
}

/**
 * Stops the hosts and deletes their layers: they boot from the pristine base next time. Services
 * given (the phone) are reset too: stopped, their state discarded, back to factory state on `up`.
 */
export async function labReset(opts: LabOptions & { names?: readonly string[]; services?: readonly LabService[] } = {}): Promise<string[]> {
  const { paths, hosts, progress } = resolve(opts);
  const services = opts.services ?? [];
  const all = [...hosts.map((h) => h.name), ...services.map((s) => s.name)];
  const names = opts.names && opts.names.length > 0 ? opts.names : all;
  const known = new Set(all);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length)
    throw new PlayError('LAB_UNKNOWN_HOST', `not a lab host: ${unknown.join(', ')}`, {
      hint: `lab hosts are ${[...known].join(', ')}`,
    });
  await labDown({ ...opts, names });
  await assertRealDirectory(paths.hosts);
  for (const name of names) {
    const service = services.find((s) => s.name === name);
    if (service) {
      progress(`${name}: discarding its state`);
      if (service.stateDir) await rm(service.stateDir, { recursive: true, force: true });
      continue;
    }
    progress(`${name}: discarding its layer`);
    await rm(hostDirs(paths, name).dir, { recursive: true, force: true });
  }
  return [...names];
}
