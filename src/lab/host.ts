import { spawn } from 'node:child_process';
import { access, mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlayError } from '../errors.js';
import type { LabHost, LabPaths } from './hosts.js';
import { hostDirs } from './hosts.js';
import { initScript } from './init-script.js';
import { ensureLabRoot } from './root-dir.js';
import type { Boot } from './boot.js';
import { currentBoot, liveInit, stopSupervised } from './boot.js';
import { ensurePowerLayer } from './power-layer.js';
import type { ProcessRef } from './proc.js';
import { isAlive, processStartTime, runChecked, sshAnswers, tcpAccepts, terminate, waitFor } from './proc.js';
import { supervisorScript } from './supervisor-script.js';
import type { HostRecord } from './state.js';

/** Starting, probing and stopping one namespace host. */

/** The lab's own client key, made once; hosts accept it for root. */
export async function ensureLabKey(paths: LabPaths): Promise<void> {
  try {
    await access(paths.privateKey);
    await access(paths.publicKey);
    return;
  } catch {
    // not made yet
  }
  await ensureLabRoot(paths.root);
  await runChecked(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'play-lab', '-f', paths.privateKey], 'ssh-keygen');
}

export interface StartHostOptions {
  /** Extra commands the host's init runs after sshd (e.g. libvirt daemons on kvm hosts). */
  daemons?: readonly string[];
  readyTimeoutMs?: number;
}

export async function startHost(paths: LabPaths, host: LabHost, opts: StartHostOptions = {}): Promise<HostRecord> {
  const dirs = hostDirs(paths, host.name);
  await mkdir(dirs.dir, { recursive: true });
  const power = await ensurePowerLayer(paths);
  const script = initScript({
    name: host.name,
    address: host.address,
    kvm: host.kvm,
    base: paths.base,
    layers: host.python ? [power, paths.python] : [power],
    upper: dirs.upper,
    work: dirs.work,
    merged: dirs.merged,
    bootId: dirs.bootId,
    authorizedKey: await readFile(paths.publicKey, 'utf8'),
    daemons: opts.daemons ?? [],
  });
  const log = await open(dirs.log, 'a');
  const unshare = ['unshare', '--mount', '--pid', '--uts', '--ipc', '--fork', '--propagation', 'private', '--kill-child=SIGKILL', '/bin/sh', '-c', script];
  const child = spawn('/bin/sh', ['-c', supervisorScript(unshare)], { detached: true, stdio: ['ignore', log.fd, log.fd] });
  child.unref();
  await log.close();
  const supervisorPid = child.pid;
  if (supervisorPid === undefined) throw new PlayError('LAB_START_FAILED', `could not start the supervisor of ${host.name}`);
  const supervisor = await refOf(supervisorPid).catch(() => undefined);
  // The forked child of unshare is PID 1 of the new namespace: that is the process to track.
  let boot: Boot | undefined;
  await waitFor(async () => {
    boot = supervisor && (await currentBoot(supervisor));
    return boot !== undefined || !(supervisor && (await isAlive(supervisor)));
  }, 30_000, 20); // a fork takes milliseconds; a busy machine may take seconds
  if (!boot || !supervisor) throw await startFailure(host, dirs.log, 'its namespace init did not start');
  const { init, launcher } = boot;
  const ready = await waitFor(
    async () => (await isAlive(init)) && (await sshAnswers(host.address, 22, 1_000)),
    opts.readyTimeoutMs ?? 60_000,
    200,
  );
  if (!ready) {
    await stopSupervised(supervisor).catch(() => undefined);
    throw await startFailure(host, dirs.log, `sshd did not answer on ${host.address}:22`);
  }
  return { kind: 'host', address: host.address, port: 22, init, launcher, supervisor, startedAt: new Date().toISOString() };
}

async function refOf(pid: number): Promise<ProcessRef> {
  const startTime = await processStartTime(pid);
  if (startTime === undefined) throw new Error(`process ${pid} vanished`);
  return { pid, startTime };
}

async function startFailure(host: LabHost, logFile: string, why: string): Promise<PlayError> {
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-10).join('\n');
  return new PlayError('LAB_START_FAILED', `lab host ${host.name} failed to start: ${why}\n${tail}`, {
    source: { file: logFile },
    hint: `another process may hold ${host.address}:22, or the host's layer is damaged (try \`play lab reset ${host.name}\`)`,
  });
}

/**
 * Stops a host's namespace (SIGTERM to its init, SIGKILL if needed) with its unshare parent and
 * supervisor, or a service.
 */
export async function stopProcesses(record: HostRecord): Promise<void> {
  if (record.supervisor) return stopSupervised(record.supervisor);
  // A service is started detached (it leads its own process group): stop its children too.
  await terminate(record.init, 5_000, { group: record.kind === 'service' });
  if (record.launcher) await terminate(record.launcher, 2_000);
}

/**
 * Up means: the host's init (the current boot's, for a host that restarted) is alive, and its
 * port answers. A host that is down
 * refuses at once; the generous wait is for a loaded machine, where a live sshd may take seconds
 * to send its banner (and `up` would otherwise restart a host that is fine).
 */
export async function recordIsUp(record: HostRecord): Promise<boolean> {
  if (!(await liveInit(record))) return false;
  if (record.kind === 'host') return sshAnswers(record.address, record.port, 15_000);
  return tcpAccepts(record.address, record.port, 15_000);
}

/**
 * known_hosts lines for the hosts' current keys, read from their upper layers (where the first
 * boot wrote them): `name,address keytype key`.
 */
export async function knownHostsLines(paths: LabPaths, hosts: readonly Pick<LabHost, 'name' | 'address'>[]): Promise<string[]> {
  const lines: string[] = [];
  for (const host of hosts) {
    const sshDir = join(hostDirs(paths, host.name).upper, 'etc', 'ssh');
    const files = (await readdir(sshDir).catch(() => [] as string[])).filter((f) => /^ssh_host_.*_key\.pub$/.test(f)).sort();
    for (const f of files) {
      const [type, key] = (await readFile(join(sshDir, f), 'utf8')).trim().split(/\s+/);
      if (type && key) lines.push(`${host.name},${host.address} ${type} ${key}`);
    }
  }
  return lines;
}

export async function writeKnownHosts(paths: LabPaths, hosts: readonly Pick<LabHost, 'name' | 'address'>[]): Promise<void> {
  const lines = await knownHostsLines(paths, hosts);
  // Renamed into place: SSH clients reading it concurrently never see half a file.
  const tmp = `${paths.knownHosts}.${process.pid}.tmp`;
  await writeFile(tmp, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o644 });
  await rename(tmp, paths.knownHosts);
}
