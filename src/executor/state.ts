import type { Inventory } from '../inventory/types.js';
import type { Masker } from '../secrets/mask.js';
import type { SentCommand } from './sent-commands.js';
import type { Templar } from '../template/index.js';
import type { VarsManager } from '../vars/manager.js';
import type { ConnectionManager } from './connections.js';
import { emptyStats, type HostStats, type RunEvents, type TaskStatus } from './events.js';
import { HostWorld } from './host-world.js';
import type { RunOptions } from './options.js';

export interface HostRuntime {
  name: string;
  world: HostWorld;
  stats: HostStats;
  failed: boolean;
  unreachable: boolean;
  unreachableReason?: string | undefined;
  /** Handler names (and listen topics) notified and not yet run. */
  notified: Set<string>;
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
    h = { name, world: new HostWorld(state.options.render !== undefined), stats: emptyStats(), failed: false, unreachable: false, notified: new Set(), ended: false, readAhead: [] };
    state.hosts.set(name, h);
  }
  return h;
}
