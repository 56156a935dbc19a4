import type { Inventory } from '../inventory/types.js';
import type { Masker } from '../secrets/mask.js';
import type { SentCommand } from './sent-commands.js';
import type { Templar } from '../template/index.js';
import type { VarsManager } from '../vars/manager.js';
import type { ConnectionManager } from './connections.js';
import { emptyStats, type HostStats, type RunEvents, type TaskStatus } from './events.js';
import { HostWorld } from './host-world.js';
import { PlayError } from '../errors.js';
import { withoutMarks } from '../template/unsafe.js';
import type { OfflineGiven } from '../facts/types.js';
import type { Item } from '../playbook/model.js';
import type { Handler } from './handler-lookup.js';
import type { RunOptions } from './options.js';

export interface HostRuntime {
  name: string;
  world: HostWorld;
  stats: HostStats;
  failed: boolean;
  /**
   * Failed by an include_role whose role could not be loaded: Ansible fails the host without a
   * task result (no failure in the recap, no rescued count) and the run's exit code says so.
   */
  failedWithoutResult: boolean;
  unreachable: boolean;
  unreachableReason?: string | undefined;
  /** Names notified and not yet flushed: the listen topics they raise (and names no handler had yet). */
  notified: Set<string>;
  /** The handlers notified by name (each resolved when notified) and not yet run. */
  notifiedHandlers: Set<Handler>;
  /** meta: end_host — no more tasks for this host in this play. */
  ended: boolean;
  /** Commands a read-ahead sent before the next task: reported with that task's result (-vv). */
  readAhead: SentCommand[];
}

export interface RunState {
  options: RunOptions;
  inventory: Inventory;
  templar: Templar;
  vars: VarsManager;
  events: RunEvents;
  masker: Masker;
  connections: ConnectionManager;
  hosts: Map<string, HostRuntime>;
  playName: string;
  playbookDir: string;
  /** The running play's handlers (grows as include_role loads roles): what a notify resolves against. */
  handlers: readonly Item[];
  /** Set when a meta: end_play ran. */
  playEnded: boolean;
}

export interface TaskOutcome {
  status: TaskStatus;
  result: Record<string, unknown>;
  /** Failed and not ignored: the host leaves the block/play. */
  hostFailed: boolean;
}

export function hostRuntime(state: RunState, name: string): HostRuntime {
  let h = state.hosts.get(name);
  if (!h) {
    h = { name, world: new HostWorld(state.options.offline ? offlineGiven(state, name) : undefined), stats: emptyStats(), failed: false, failedWithoutResult: false, unreachable: false, notified: new Set(), notifiedHandlers: new Set(), ended: false, readAhead: [] };
    watchPlayStatus(h, () => state.vars.playStatusChanged());
    state.hosts.set(name, h);
  }
  return h;
}

/**
 * failed and unreachable take a host out of ansible_play_hosts: the variables, which keep those
 * lists between tasks, hear of every change however it is made.
 */
function watchPlayStatus(h: HostRuntime, changed: () => void): void {
  for (const flag of ['failed', 'unreachable'] as const) {
    let value = h[flag];
    Object.defineProperty(h, flag, {
      enumerable: true,
      configurable: true,
      get: (): boolean => value,
      set: (v: boolean): void => {
        if (v === value) return;
        value = v;
        changed();
      },
    });
  }
}

/**
 * What the inventory says about an offline host (`play_offline_facts`). Taken as data, as the
 * facts a target reports are: a value that looks like a template is text.
 */
function offlineGiven(state: RunState, host: string): OfflineGiven {
  const given = withoutMarks(state.vars.forHost(host, undefined).play_offline_facts ?? {});
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new PlayError('BAD_OFFLINE_FACTS', `play_offline_facts of ${host} must be a mapping of fact names (without ansible_) to values`, { hint: 'play_offline_facts:\n  os_family: RedHat\n  pkg_mgr: yum' });
  }
  return { facts: given as Record<string, unknown> };
}
