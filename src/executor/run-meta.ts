/**
 * `meta:` tasks, as Ansible's strategy runs them (StrategyBase._execute_meta): no module, no
 * result line when they act; a `when:` that is false reports the task skipped on that host
 * (not counted in the recap).
 */
import { PlayError } from '../errors.js';
import type { TaskItem } from '../playbook/model.js';
import { effectiveKeywords } from './effective.js';
import { emitSkipped } from './run-task.js';
import type { HostRuntime, RunState } from './state.js';

/** Actions whose `when:` Ansible evaluates (the others ignore it). */
const CONDITIONAL = new Set(['flush_handlers', 'clear_host_errors', 'end_batch', 'end_play', 'end_host', 'clear_facts']);
/** Actions Ansible runs once for the whole batch (the first host decides). */
const ONCE = new Set(['end_play', 'end_batch', 'clear_host_errors', 'clear_facts']);

export async function runMeta(state: RunState, task: TaskItem, hosts: HostRuntime[], flushHandlers: () => Promise<void>): Promise<void> {
  const action = String(task.args._raw_params ?? task.args.action ?? '').trim();
  if (!CONDITIONAL.has(action) && !['noop', 'refresh_inventory', 'reset_connection', 'end_role'].includes(action)) {
    throw new PlayError('BAD_META', `unknown meta action '${action}'`, {
      source: task.pos,
      hint: 'one of: flush_handlers, end_play, end_host, end_batch, noop, clear_host_errors, reset_connection, refresh_inventory',
    });
  }
  const kw = effectiveKeywords(task);
  const deciding = ONCE.has(action) ? hosts.slice(0, 1) : hosts;
  const applying: HostRuntime[] = [];
  for (const h of deciding) {
    const applies = !CONDITIONAL.has(action) || (kw.when ?? []).every((c) => state.templar.isTrue(c, state.vars.forHost(h.name, task.scope), { source: task.pos, task: 'meta' }));
    if (applies) applying.push(h);
    // reported, yet not counted in the recap: Ansible sends the callback outside its result processing
    else emitSkipped(state, task, h, `${action} conditional evaluated to False`);
  }
  if (applying.length === 0) return;
  switch (action) {
    case 'flush_handlers':
      if (task.handler) throw new PlayError('HANDLER_FLUSH', 'flush_handlers cannot be used as a handler', { source: task.pos, hint: 'flush handlers from a task (meta: flush_handlers in tasks), as in Ansible' });
      await flushHandlers();
      return;
    case 'end_play':
      state.playEnded = true;
      return;
    case 'end_batch':
      // the batch's hosts are done with this play; a later serial batch still runs
      for (const h of hosts) if (!h.unreachable) h.ended = true;
      return;
    case 'end_host':
      for (const h of applying) h.ended = true;
      return;
    case 'clear_host_errors':
      for (const h of state.hosts.values()) h.failed = false;
      return;
    case 'clear_facts':
      for (const h of hosts) state.vars.clearGathered(h.name);
      return;
    default:
      // noop, refresh_inventory (a static inventory), reset_connection (each command opens its own), end_role
      return;
  }
}
