import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { LabHost } from '../../src/lab/index.js';
import { labPaths, labReset, labUp } from '../../src/lab/index.js';
import { readState } from '../../src/lab/state.js';

/**
 * Lab hosts of the fault suites: their own namespace hosts named fault-* on 127.0.13.0/24, so
 * killing sshd or filling a disk never touches the shared lab. Each suite starts the hosts it
 * needs and resets them (stopped, layers discarded) when it ends.
 */
export function faultHost(n: number, prefix = 'fault'): LabHost {
  if (!Number.isInteger(n) || n < 1 || n > 254) throw new Error(`fault host number out of range: ${n}`);
  return { name: `${prefix}-${String(n).padStart(2, '0')}`, address: `127.0.13.${n}`, kvm: false };
}

export async function faultUp(hosts: readonly LabHost[]): Promise<void> {
  await labUp({ hosts });
}

/** Stops the hosts and discards their layers (CI must leave nothing running). */
export async function faultReset(hosts: readonly LabHost[]): Promise<void> {
  if (hosts.length) await labReset({ hosts, names: hosts.map((h) => h.name) });
}

/** An INI inventory reaching the hosts over SSH as root with the lab's key and known_hosts. */
export function faultInventory(hosts: readonly Pick<LabHost, 'name' | 'address'>[], hostVars: Record<string, string> = {}): string {
  const paths = labPaths();
  const vars = { ansible_user: 'root', ansible_ssh_private_key_file: paths.privateKey, play_known_hosts_file: paths.knownHosts, ...hostVars };
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
  return `[faults]\n${hosts.map((h) => `${h.name} ansible_host=${h.address}`).join('\n')}\n\n[faults:vars]\n${lines.join('\n')}\n`;
}

/** Kills every sshd of one fault host (listener and sessions) from the controller side. */
export async function killSshd(host: LabHost): Promise<number> {
  const rec = (await readState(labPaths().state)).hosts[host.name];
  if (!rec || !host.name.startsWith('fault-')) throw new Error(`${host.name} is not a running fault host`);
  const ns = await readlink(`/proc/${rec.init.pid}/ns/pid`);
  let killed = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if ((await readlink(`/proc/${entry}/ns/pid`).catch(() => '')) !== ns) continue;
    const comm = (await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')).trim();
    if (comm !== 'sshd' && !comm.startsWith('sshd-')) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

/** `ps -eo args` of the controller machine (every namespace host's processes included). */
export function processArgs(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-eo', 'args'], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
