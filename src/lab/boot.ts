import { readFile } from 'node:fs/promises';
import type { ProcessRef } from './proc.js';
import { childPids, isAlive, processStartTime, signalProcess, terminate, waitFor } from './proc.js';
import type { HostRecord } from './state.js';

/**
 * A lab host's current boot, found from its supervisor (the restart loop): supervisor → unshare
 * → the namespace's init. A reboot inside the host replaces both; the supervisor stays. Reading
 * them anew each time is what keeps `status` and `down` true after a restart.
 */
export interface Boot {
  /** The `unshare` of this boot. */
  launcher: ProcessRef;
  /** PID 1 of the host's namespace. */
  init: ProcessRef;
}

async function refOf(pid: number): Promise<ProcessRef | undefined> {
  const startTime = await processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

async function commandName(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
}

/** The boot running under a supervisor now; undefined between two boots (or once it ended). */
export async function currentBoot(supervisor: ProcessRef): Promise<Boot | undefined> {
  if (!(await isAlive(supervisor))) return undefined;
  for (const pid of await childPids(supervisor.pid)) {
    if ((await commandName(pid)) !== 'unshare') continue;
    const launcher = await refOf(pid);
    const [initPid] = await childPids(pid);
    const init = initPid === undefined ? undefined : await refOf(initPid);
    if (launcher && init) return { launcher, init };
  }
  return undefined;
}

/** The host's init now: the current boot's (supervised host) or the one recorded. */
export async function liveInit(record: HostRecord): Promise<ProcessRef | undefined> {
  if (record.supervisor) return (await currentBoot(record.supervisor))?.init;
  return (await isAlive(record.init)) ? record.init : undefined;
}

/** Whether the host's processes still exist (it may be between two boots). */
export async function hostRunning(record: HostRecord): Promise<boolean> {
  return isAlive(record.supervisor ?? record.init);
}

/**
 * Stops a supervised host for good: the loop is told first (so it starts no new boot), then each
 * boot still there is stopped through its init (the host's own TERM handling), until the loop
 * has ended. A loop that ignores all this is killed with what it runs.
 */
export async function stopSupervised(supervisor: ProcessRef): Promise<void> {
  await signalProcess(supervisor, 'SIGTERM');
  // a boot may start between the TERM and the loop's next check: a few rounds cover it
  for (let round = 0; round < 5 && (await isAlive(supervisor)); round++) {
    const boot = await currentBoot(supervisor);
    if (boot) {
      await terminate(boot.init, 5_000);
      await terminate(boot.launcher, 2_000);
    }
    await waitFor(async () => !(await isAlive(supervisor)), 5_000, 100);
  }
  const left = await currentBoot(supervisor);
  await terminate(supervisor, 1_000);
  // killed, the loop leaves its unshare behind: end it (its init dies with it: --kill-child)
  if (left) await terminate(left.launcher, 2_000);
}
