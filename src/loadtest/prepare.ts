/**
 * Readying (and un-readying) the PBX under test: loadtest.yml on one inventory host, with the
 * load generator's address and extension the runner will use, and that host's SIP address.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readInventoryWithProjectVault } from '../project/config.js';
import { SippError, type SippLoad } from './sipp.js';

/** The repository: loadtest.yml, bin/play.js and inventory/ (the same from src/ and dist/). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface LoadTestTarget {
  inventory: string;
  host: string;
  /** sipp -i: the address the playbook's endpoint identifies. */
  source: string;
  extension: string;
}

export const DEFAULT_TARGET: LoadTestTarget = {
  inventory: path.join(ROOT, 'inventory', 'lab.yml'),
  host: 'virtual1',
  source: '127.0.10.240',
  extension: '8000',
};

/** The thesis' load (chapter 4.6): 10 calls/s, 10 s calls, 1265 calls. */
export const THESIS_LOAD = { rate: 10, callMs: 10_000, calls: 1265 } as const;

/** The SIP side of a load against `target`: the host's address from the inventory, port 5060. */
export async function loadBase(target: LoadTestTarget): Promise<Omit<SippLoad, 'rate' | 'callMs' | 'calls'>> {
  const inventory = await readInventoryWithProjectVault([target.inventory], ROOT);
  const address = inventory.hostVars(target.host)['ansible_host'];
  if (typeof address !== 'string' || address === '') throw new SippError(`${target.host} has no ansible_host in ${target.inventory}`);
  return { target: address, port: 5060, source: target.source, sourcePort: 5060, extension: target.extension };
}

/** Runs loadtest.yml on the target host; returns play's output, throws when it fails. */
export function convergeLoadTest(target: LoadTestTarget, state: 'present' | 'absent' = 'present'): string {
  const extra = { loadtest_state: state, loadtest_source: target.source, loadtest_extension: target.extension };
  const args = [path.join(ROOT, 'bin', 'play.js'), 'run', path.join(ROOT, 'loadtest.yml'), '-i', target.inventory, '--limit', target.host, '-e', JSON.stringify(extra)];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new SippError(`play run loadtest.yml (${state}) failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * Seconds since the target's Asterisk started (`core show uptime seconds`, through `play exec`);
 * 0 when it does not answer (stopped, or its host down). A run longer than this saw Asterisk
 * stop or restart.
 */
export function pbxUptimeS(target: LoadTestTarget): number {
  const args = [path.join(ROOT, 'bin', 'play.js'), 'exec', target.host, '-i', target.inventory, '-a', "asterisk -rx 'core show uptime seconds'"];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const m = /System uptime: (\d+)/.exec(r.stdout ?? '');
  return r.status === 0 && m?.[1] ? Number(m[1]) : 0;
}

/** Waits (up to `timeoutMs`) until the target's Asterisk answers; returns its uptime, 0 if it never did. */
export async function waitForPbx(target: LoadTestTarget, timeoutMs = 180_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const uptime = pbxUptimeS(target);
    if (uptime > 0 || Date.now() >= until) return uptime;
    await sleep(5000);
  }
}
