/**
 * The async/poll keywords: which tasks may run as background jobs, and the plan that does it.
 * A command module's plan is rewritten into one async_job step (data, like every plan); the
 * interpreters then run it (apply) or refuse it (check mode, as Ansible refuses it).
 */
import { randomInt } from 'node:crypto';
import { PlayError } from '../errors.js';
import { launchCommand } from '../modules/commands/async-job.js';
import type { Change, Plan } from '../modules/types.js';
import type { TaskItem } from '../playbook/model.js';

/** Modules play runs as background jobs: those whose change is one command with its output. */
const ASYNC_MODULES: ReadonlySet<string> = new Set(['command', 'shell']);

/** Actions whose Ansible action plugin has no async support (2.14: _supports_async unset). */
const ANSIBLE_REFUSES_ASYNC: ReadonlySet<string> = new Set([
  'add_host', 'assemble', 'assert', 'async_status', 'copy', 'debug', 'fail', 'fetch', 'gather_facts', 'group_by',
  'include_vars', 'pause', 'raw', 'script', 'set_fact', 'set_stats', 'template', 'unarchive', 'validate_argument_spec',
  'wait_for_connection',
]);

/** Ansible's default poll interval (DEFAULT_POLL_INTERVAL). */
const DEFAULT_POLL_S = 15;

export interface AsyncSpec {
  limitS: number;
  pollS: number;
}

/** The task's async/poll, rendered; undefined when it runs in the foreground (async 0 or absent). */
export function asyncSpecOf(task: TaskItem, render: (v: unknown) => unknown): AsyncSpec | undefined {
  if (task.async === undefined) return undefined;
  const limitS = whole('async', render(task.async), task);
  if (limitS <= 0) return undefined;
  const pollS = task.poll === undefined ? DEFAULT_POLL_S : whole('poll', render(task.poll), task);
  return { limitS, pollS };
}

function whole(keyword: string, value: unknown, task: TaskItem): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 0) {
    throw new PlayError('BAD_KEYWORD', `${keyword} must be a whole number of seconds, got ${JSON.stringify(value)}`, { source: task.pos, hint: `${keyword}: 60` });
  }
  return n;
}

/** Why the task cannot run as a background job (Ansible's message where Ansible refuses too), or undefined. */
export function asyncRefusal(action: string, check: boolean): string | undefined {
  if (ANSIBLE_REFUSES_ASYNC.has(action)) return 'async is not supported for this task.';
  if (!ASYNC_MODULES.has(action)) {
    return `async is not supported for the module '${action}' in play: only command and shell run as background jobs (drop async/poll, or do the work with shell)`;
  }
  if (check) return 'check mode and async cannot be used on same task.';
  return undefined;
}

/** The plan with its command run as a background job; a plan without one (creates= skipped it) is kept. */
export function asyncPlan(plan: Plan, spec: AsyncSpec): Plan {
  const run = plan.changes.find((c) => c.apply.kind === 'exec' && c.apply.captureOutput);
  if (!run || run.apply.kind !== 'exec') return plan;
  const a = run.apply;
  const launch = launchCommand({
    command: a.command,
    cmd: a.shownCmd ?? a.command.display(),
    hasStdin: a.stdin !== undefined,
    cwd: a.cwd,
    limitS: spec.limitS,
    jidPrefix: `j${String(randomInt(0, 1e12)).padStart(12, '0')}`,
  });
  const change: Change = {
    describe: `${run.describe} (async ${spec.limitS} s, ${spec.pollS > 0 ? `poll every ${spec.pollS} s` : 'not polled'})`,
    apply: { kind: 'controller', step: { name: 'async_job', launch, stdin: a.stdin, limitS: spec.limitS, pollS: spec.pollS } },
  };
  return { ...plan, changes: [change] };
}
