import { EventEmitter } from 'node:events';
import type { SourcePos } from '../errors.js';
import type { FileDiff } from '../modules/types.js';
import type { PlanData } from './plan-data.js';
import type { SentCommand } from './sent-commands.js';

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

/**
 * What the executor tells the world. Reporters (TTY, plain, JSON Lines) only listen to these;
 * every value in an event has already been through secret masking.
 */
export type RunEvent =
  | { type: 'playbook_start'; path: string; check: boolean; diff: boolean }
  | { type: 'play_start'; play: string; hosts: string[]; check: boolean }
  | { type: 'play_no_hosts'; play: string; pattern: string }
  | { type: 'task_start'; play: string; task: string; role: string | null; pos: SourcePos; handler: boolean; hosts: string[] }
  | {
      type: 'result';
      play: string;
      task: string;
      /** The module, e.g. "copy" (reporters show debug's output). */
      action: string;
      role: string | null;
      host: string;
      item: unknown;
      status: TaskStatus;
      changed: boolean;
      msg: string | null;
      diff: FileDiff[] | null;
      ignored: boolean;
      /** Full result for -v output (masked). */
      result: Record<string, unknown>;
      /** The module asks for its result to be shown without -v (assert without quiet). */
      show: boolean;
      /** The plan's changes, in words ("write /etc/x"). */
      commands: string[];
      /** The commands sent to the host, as sent (masked), for -vv and -vvv. */
      sent: SentCommand[];
      delegatedTo: string | null;
    }
  | {
      /** `--plan-json`: what a task plans on one host, as data (masked). */
      type: 'plan';
      host: string;
      task: string;
      action: string;
      plan: PlanData;
    }
  | { type: 'task_end'; play: string; task: string }
  | { type: 'warning'; message: string }
  /** An error that fails a host outside any task result (Ansible prints it as ERROR!). */
  | { type: 'host_error'; host: string; message: string }
  | {
      type: 'recap';
      hosts: Record<string, HostStats>;
      unreachableReasons: Record<string, string>;
      /** Commands sent per host (exec, put and get each count one). */
      roundTrips: Record<string, number>;
    };

export class RunEvents extends EventEmitter<{ event: [RunEvent] }> {
  emitEvent(event: RunEvent): void {
    this.emit('event', event);
  }
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
