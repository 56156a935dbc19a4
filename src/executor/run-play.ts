import { PlayError } from '../errors.js';
import { includeRole, includeTasks, markHandlers } from '../playbook/dynamic.js';
import { roleFromFiles } from '../playbook/load-tasks.js';
import { parentRoleParams } from '../playbook/roles.js';
import { renderedFromArgs } from './include-args.js';
import { flattenHandlers, handlerNamed, handlerNames, listenTopics } from './handler-lookup.js';
import type { BlockItem, IncludeItem, Item, Play, TaskItem } from '../playbook/model.js';
import { effectiveKeywords, roleOf, tagsSelected } from './effective.js';
import { keywordBool } from './keyword-boolean.js';
import { loopVars, resolveLoop } from './loop.js';
import { renderLoopControl } from './loop-control.js';
import { prefetchAhead, readAheadLoopFacts } from './prefetch.js';
import { runMeta } from './run-meta.js';
import { resultAsVariable } from './result-data.js';
import { UnsafeText } from '../template/unsafe.js';
import { runTask, shownTaskName, taskDisplayName } from './run-task.js';
import type { HostRuntime, RunState, TaskOutcome } from './state.js';

export interface PlayRun {
  play: Play;
  /** Role names selected by --role (with their dependencies); empty = all. */
  selectedRoles: Set<string>;
  /** --start-at-task: name still to be reached. */
  startAt: { name: string | undefined };
  /** The hosts of the current serial batch (max_fail_percentage is a share of them). */
  batch?: readonly HostRuntime[];
}

const alive = (state: RunState, h: HostRuntime): boolean => !h.failed && !h.unreachable && !h.ended && !state.playEnded;

/**
 * Runs items on hosts, task by task (linear strategy). Returns the hosts that failed in them.
 * `after`: the items that follow these ones (what the read-ahead may look at).
 */
export async function runItems(state: RunState, pr: PlayRun, items: readonly Item[], hosts: HostRuntime[], rescuable: boolean, after: readonly Item[] = []): Promise<Set<HostRuntime>> {
  const failed = new Set<HostRuntime>();
  for (const [idx, item] of items.entries()) {
    if (state.options.signal?.aborted) break;
    const active = hosts.filter((h) => alive(state, h));
    if (active.length === 0) break;
    let f: Set<HostRuntime>;
    const rest = (): Item[] => [...items.slice(idx + 1), ...after];
    if (item.kind === 'task') {
      await prefetchAhead(state, pr, [item, ...rest()], active);
      await readAheadLoopFacts(state, pr, item, active);
      f = await runTaskOnHosts(state, pr, item, active, rescuable);
    } else if (item.kind === 'block') f = await runBlock(state, pr, item, active, rescuable, rest());
    else f = await runInclude(state, pr, item, active, rescuable);
    for (const h of f) failed.add(h);
  }
  return failed;
}

async function runBlock(state: RunState, pr: PlayRun, block: BlockItem, hosts: HostRuntime[], rescuable: boolean, after: readonly Item[]): Promise<Set<HostRuntime>> {
  const hasRescue = block.rescue.length > 0;
  let failed = await runItems(state, pr, block.block, hosts, rescuable || hasRescue, after);
  if (hasRescue && failed.size) {
    const rescue = [...failed].filter((h) => !h.unreachable);
    // counted as the rescue starts, as Ansible counts it: even when the rescue itself fails
    for (const h of rescue) {
      h.failed = false;
      // a role that could not be included fails the host without a result: Ansible counts no rescue
      if (!h.failedWithoutResult) h.stats.rescued++;
      h.failedWithoutResult = false;
    }
    const rf = await runItems(state, pr, block.rescue, rescue, rescuable);
    failed = new Set([...rf, ...[...failed].filter((h) => h.unreachable)]);
  }
  if (block.always.length) {
    const target = hosts.filter((h) => !h.unreachable && !h.ended && !state.playEnded);
    const wasFailed = target.filter((h) => h.failed);
    for (const h of wasFailed) h.failed = false;
    const af = await runItems(state, pr, block.always, target, rescuable);
    for (const h of wasFailed) h.failed = true;
    for (const h of af) failed.add(h);
  }
  return failed;
}

function selected(state: RunState, pr: PlayRun, task: TaskItem): boolean {
  if (pr.selectedRoles.size) {
    const role = roleOf(task.scope);
    if (!role || !pr.selectedRoles.has(role.name)) return false;
  }
  const kw = effectiveKeywords(task);
  // a notified handler runs whatever --tags/--skip-tags say, as in Ansible
  if (!task.handler && !tagsSelected(kw.tags ?? [], state.options.tags, state.options.skipTags)) return false;
  if (pr.startAt.name !== undefined && !task.handler) {
    if (task.name !== pr.startAt.name && taskDisplayName(task) !== pr.startAt.name) return false;
    pr.startAt.name = undefined;
  }
  return true;
}

export async function runTaskOnHosts(state: RunState, pr: PlayRun, task: TaskItem, hosts: HostRuntime[], rescuable: boolean): Promise<Set<HostRuntime>> {
  const failed = new Set<HostRuntime>();
  if (!selected(state, pr, task)) return failed;
  if (state.options.step) {
    const answer = await state.options.step(shownTaskName(state, task, hosts[0]?.name));
    if (answer === 'no') return failed;
    if (answer === 'continue') state.options.step = undefined;
  }
  state.events.emitEvent({
    type: 'task_start',
    play: state.playName,
    task: shownTaskName(state, task, hosts[0]?.name),
    role: roleOf(task.scope)?.name ?? null,
    pos: task.pos,
    handler: task.handler === true,
    hosts: hosts.map((h) => h.name),
  });
  if (task.action === 'meta') {
    await runMeta(state, task, hosts, () => flushHandlers(state, pr, hosts));
    state.events.emitEvent({ type: 'task_end', play: state.playName, task: shownTaskName(state, task) });
    return failed;
  }
  const kw = effectiveKeywords(task);
  const runOnce = hosts[0] !== undefined && kw.run_once !== undefined && keywordBool('run_once', state.templar.renderValue(kw.run_once, state.vars.forHost(hosts[0].name, task.scope), { source: task.pos }), false, task.pos);
  // add_host runs once, for the first host, as Ansible's BYPASS_HOST_LOOP actions do (registered there only)
  const bypass = task.action === 'add_host';
  const targets = runOnce || bypass ? hosts.slice(0, 1) : hosts;
  const throttle = kw.throttle === undefined ? 0 : Number(state.templar.renderValue(kw.throttle, state.vars.forHost(hosts[0]?.name ?? '', task.scope), { source: task.pos }));
  if (!Number.isInteger(throttle) || throttle < 0) throw new PlayError('BAD_KEYWORD_VALUE', `throttle must be a whole number, got ${JSON.stringify(kw.throttle)}`, { source: task.pos, hint: 'throttle: 1 runs the task on one host at a time' });
  const outcomes = await forEachLimited(targets, throttle > 0 ? Math.min(throttle, state.options.forks) : state.options.forks, (h) => runTask(state, task, h));
  const first = outcomes[0];
  if (runOnce && task.register && first) for (const h of hosts.slice(1)) state.vars.setHostFact(h.name, task.register, resultAsVariable(task.action, first.result));
  targets.forEach((h, i) => {
    const o = outcomes[i] as TaskOutcome;
    count(h, o, rescuable);
    if (o.hostFailed) {
      if (o.status === 'unreachable') {
        h.unreachable = true;
        h.unreachableReason = String(o.result.msg ?? 'unreachable');
      } else {
        h.failed = true;
        // what a rescue section sees of the failure (Ansible sets them as host facts)
        if (rescuable) {
          state.vars.setHostFact(h.name, 'ansible_failed_task', { name: task.name ?? task.action, action: task.action, args: task.args });
          state.vars.setHostFact(h.name, 'ansible_failed_result', resultAsVariable(task.action, { ...o.result, failed: true }));
        }
      }
      failed.add(h);
    }
  });
  if (failed.size && keywordBool('any_errors_fatal', kw.any_errors_fatal, false, task.pos)) {
    for (const h of hosts) if (!h.unreachable && !failed.has(h)) {
      h.failed = true;
      failed.add(h);
    }
  }
  if (failed.size && !rescuable) failOverPercentage(state, pr, failed);
  state.events.emitEvent({ type: 'task_end', play: state.playName, task: shownTaskName(state, task) });
  return failed;
}

/**
 * max_fail_percentage: once more than that share of the batch has failed (unreachable hosts are
 * not counted, as in Ansible), the other hosts are failed too — without a failure in their recap —
 * and the run goes no further.
 */
function failOverPercentage(state: RunState, pr: PlayRun, failed: Set<HostRuntime>): void {
  const raw = pr.play.maxFailPercentage;
  const batch = pr.batch;
  if (raw === undefined || raw === null || !batch?.length) return;
  const limit = Number(state.templar.renderValue(raw, state.vars.forHost(batch[0]?.name ?? '', pr.play.scope), { source: pr.play.pos }));
  if (!Number.isFinite(limit) || limit < 0 || limit > 100) {
    throw new PlayError('BAD_KEYWORD_VALUE', `max_fail_percentage must be a number from 0 to 100, got ${JSON.stringify(raw)}`, { source: pr.play.pos, hint: 'max_fail_percentage: 30 stops the play once more than 30 % of its hosts have failed' });
  }
  const failedHosts = batch.filter((h) => h.failed && !h.unreachable).length;
  if ((failedHosts / batch.length) * 100 <= limit) return;
  for (const h of batch) {
    if (h.failed || h.unreachable) continue;
    h.failed = true;
    failed.add(h);
  }
}

function count(h: HostRuntime, o: TaskOutcome, rescuable: boolean): void {
  switch (o.status) {
    case 'ok':
      h.stats.ok++;
      break;
    case 'changed':
      h.stats.ok++;
      h.stats.changed++;
      break;
    case 'skipped':
      h.stats.skipped++;
      break;
    case 'unreachable':
      // under ignore_unreachable Ansible counts it ok and ignored
      if (o.hostFailed) h.stats.unreachable++;
      else {
        h.stats.ok++;
        h.stats.ignored++;
      }
      break;
    case 'failed':
      if (!o.hostFailed) {
        h.stats.ok++;
        h.stats.ignored++;
        if (o.result.changed === true) h.stats.changed++;
      } else if (!rescuable) h.stats.failed++;
      break;
  }
}

/** Runs notified handlers, once per host, in the order they are defined. */
export async function flushHandlers(state: RunState, pr: PlayRun, hosts: HostRuntime[]): Promise<void> {
  const handlers = pr.play.handlers;
  const first = hosts[0];
  // the play keyword wins over --force-handlers, which is only its default (as in Ansible)
  const force =
    pr.play.forceHandlers === undefined || pr.play.forceHandlers === null || first === undefined
      ? state.options.forceHandlers
      : keywordBool('force_handlers', state.templar.renderValue(pr.play.forceHandlers, state.vars.forHost(first.name, pr.play.scope), { source: pr.play.pos }), false, pr.play.pos);
  for (const handler of flattenHandlers(handlers)) {
    const topics = listenTopics(handler);
    const names = handlerNames(handler);
    // notified by name (resolved when notified), through a listen topic, or by a name no handler had when notified
    const wanted = (h: HostRuntime): boolean =>
      h.notifiedHandlers.has(handler) || topics.some((t) => h.notified.has(t)) || names.some((n) => h.notified.has(n) && !handlerWasResolved(handlers, n));
    const notified = hosts.filter((h) => (alive(state, h) || (force && !h.unreachable)) && wanted(h));
    if (notified.length === 0) continue;
    // a topic stays notified until every handler listening to it has run (cleared below)
    for (const h of notified) h.notifiedHandlers.delete(handler);
    const saved = pr.selectedRoles;
    pr.selectedRoles = new Set(); // handlers of a selected role may live in a dependency; never filter them
    const hpr = { ...pr, startAt: { name: undefined } };
    if (handler.kind === 'task') await runTaskOnHosts(state, hpr, handler, notified, false);
    else await runInclude(state, hpr, handler, notified, false);
    pr.selectedRoles = saved;
  }
  for (const h of hosts) {
    h.notified.clear();
    h.notifiedHandlers.clear();
  }
}

/** A name some handler answers to: it was resolved to one handler when notified. */
function handlerWasResolved(handlers: readonly Item[], name: string): boolean {
  return handlerNamed(handlers, name) !== undefined;
}

async function runInclude(state: RunState, pr: PlayRun, inc: IncludeItem, hosts: HostRuntime[], rescuable: boolean): Promise<Set<HostRuntime>> {
  const failed = new Set<HostRuntime>();
  const kw = effectiveKeywords(inc);
  // an include is a task: --tags/--skip-tags select it by its own (and inherited) tags
  if (!tagsSelected(kw.tags ?? [], state.options.tags, state.options.skipTags)) return failed;
  const ctx = { source: inc.pos, task: inc.name ?? inc.kind };
  // group hosts by what they include, so a linear run stays linear within each group
  const groups = new Map<string, { target: string; params: Record<string, unknown>; from: Record<string, string>; hosts: HostRuntime[] }>();
  for (const h of hosts) {
    const base = state.vars.forHost(h.name, inc.scope, { taskVars: inc.kw.vars });
    const items = inc.loop === undefined ? [undefined] : resolveLoop(inc.loop, base, state.templar, ctx);
    const lc = inc.loop === undefined || items.length === 0 ? inc.loopControl : renderLoopControl(inc.loopControl, state.templar, base, ctx);
    for (const [i, item] of items.entries()) {
      const lv = item === undefined ? undefined : loopVars(lc, item, i, items);
      const vars = state.vars.forHost(h.name, inc.scope, { taskVars: inc.kw.vars, loopVars: lv });
      if (!(kw.when ?? []).every((c) => state.templar.isTrue(c, vars, ctx))) {
        h.stats.skipped++;
        continue;
      }
      const target = String(state.templar.renderValue(inc.target, vars, ctx));
      // parameters become variables of the included tasks: values from targets stay unsafe
      const params = { ...((state.templar.renderData(inc.kw.vars ?? {}, vars, ctx) as Record<string, unknown>) ?? {}), ...(lv ?? {}) };
      const from = renderedFromArgs(inc, state.templar, vars, ctx);
      const key = `${target}\0${JSON.stringify(from)}\0${JSON.stringify(params, keepUnsafeApart)}`;
      const g = groups.get(key) ?? { target, params, from, hosts: [] };
      g.hosts.push(h);
      groups.set(key, g);
    }
  }
  for (const g of groups.values()) {
    const scope = { kw: inc.applyKw ?? {}, parent: inc.scope, role: inc.scope.role, includeParams: inc.kind === 'include_role' ? { ...g.params, ...parentRoleParams(inc.scope) } : g.params };
    let items: Item[];
    if (inc.kind === 'include_tasks') {
      items = await includeTasks(g.target, inc.baseDir, scope, pr.play, [inc.pos.file], inc.pos);
      if (inc.handler) markHandlers(items);
    }
    else {
      const tasksFrom = g.from.tasks_from;
      const allowDuplicates = inc.args.allow_duplicates === undefined ? undefined : keywordBool('allow_duplicates', inc.args.allow_duplicates, true, inc.pos);
      const rolespecValidate = inc.args.rolespec_validate === undefined ? undefined : keywordBool('rolespec_validate', inc.args.rolespec_validate, true, inc.pos);
      const isPublic = inc.args.public !== undefined && keywordBool('public', inc.args.public, false, inc.pos);
      const r = await includeRoleOrFail(state, g.hosts, () => includeRole(g.target, { params: g.params, tasksFrom, fromFiles: roleFromFiles(g.from), scope, pos: inc.pos, allowDuplicates, rolespecValidate }, pr.play));
      if (!r) {
        for (const h of g.hosts) failed.add(h);
        continue;
      }
      items = r.items;
      pr.play.handlers.push(...r.roles.flatMap((role) => role.handlers));
      const included = r.roles.filter((role) => role.name === g.target).at(-1) ?? r.roles.at(-1);
      if (isPublic && included) state.vars.addPublicRoles(included, r.roles);
    }
    // Ansible's recap counts an included task file as ok, an included role not
    if (inc.kind === 'include_tasks') for (const h of g.hosts) h.stats.ok++;
    for (const f of await runItems(state, pr, items, g.hosts, rescuable)) failed.add(f);
  }
  return failed;
}

/** Errors of loading an included role that Ansible reports as a failure of the hosts including it. */
const ROLE_LOAD_FAILURES = new Set(['ROLE_MISSING', 'ROLE_COLLECTION']);

/**
 * Loads an included role; when it cannot be found, fails the hosts as Ansible's strategy does:
 * ERROR! is shown, the hosts leave the block (a rescue still runs), whatever ignore_errors says,
 * and no task result or failure count is recorded.
 */
async function includeRoleOrFail<T>(state: RunState, hosts: HostRuntime[], load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof PlayError) || !ROLE_LOAD_FAILURES.has(err.code)) throw err;
    for (const h of hosts) {
      h.failed = true;
      h.failedWithoutResult = true;
      state.events.emitEvent({ type: 'host_error', host: h.name, message: state.masker.maskString(err.describe()) });
    }
    return undefined;
  }
}

/** JSON.stringify replacer: an unsafe value and a plain one with the same text are different parameters. */
function keepUnsafeApart(_key: string, value: unknown): unknown {
  return value instanceof UnsafeText ? { '!unsafe': value.text } : value;
}

/** Runs fn on every item with at most `limit` at a time; results in input order. */
export async function forEachLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
