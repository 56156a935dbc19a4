import { setTimeout as sleep } from 'node:timers/promises';
import { flattenHandlers, handlerNamed, handlerNames, listenTopics } from './handler-lookup.js';
import { didYouMean } from '../util/suggest.js';
import { PlayError } from '../errors.js';
import type { FileDiff } from '../modules/types.js';
import type { Inheritable, LoopControl, TaskItem } from '../playbook/model.js';
import { NO_LOG_RESULT } from '../secrets/mask.js';
import type { Vars } from '../template/types.js';
import { Templar, UndefinedVariableError } from '../template/index.js';
import { effectiveKeywords, roleOf } from './effective.js';
import type { TaskStatus } from './events.js';
import { executeModule, type ModuleRun } from './execute-module.js';
import { storeCacheableFacts } from './cached-facts.js';
import { runIncludeVars } from './include-vars.js';
import { runAddHost, runGroupBy } from './inventory-actions.js';
import { keywordBool } from './keyword-boolean.js';
import { loopVars, resolveLoop } from './loop.js';
import { renderLoopControl } from './loop-control.js';
import { resultAsVariable, shownValue } from './result-data.js';
import type { HostRuntime, RunState, TaskOutcome } from './state.js';

const titles = new WeakMap<TaskItem, string>();

/**
 * "role : name" as reporters show it. A templated name is rendered once, with the variables of
 * the first host that runs the task (Ansible renders names with play-level variables); a name
 * that cannot be rendered is shown as written.
 */
export function taskDisplayName(task: TaskItem, state?: RunState, host?: string): string {
  const known = titles.get(task);
  if (known !== undefined) return known;
  const role = roleOf(task.scope);
  let name = task.name ?? task.action;
  if (state && host && name.includes('{{')) {
    try {
      name = state.templar.renderString(name, state.vars.forHost(host, task.scope, { taskVars: task.kw.vars }));
    } catch {
      /* keep the name as written */
    }
    titles.set(task, role ? `${role.name} : ${name}` : name);
  }
  return role ? `${role.name} : ${name}` : name;
}

/** The task's name as events carry it: rendered, then masked (a name can show a vaulted value). */
export function shownTaskName(state: RunState, task: TaskItem, host?: string): string {
  return state.masker.mask(taskDisplayName(task, state, host));
}

/** The task's `notify:`, or that of the nearest enclosing block that has one. */
function notifyOf(task: TaskItem): string[] {
  if (task.notify) return task.notify;
  for (let s: TaskItem['scope'] | undefined = task.scope; s; s = s.parent) if (s.notify) return s.notify;
  return [];
}

/** Runs one task on one host: when, loop, until/retries, changed_when/failed_when, register, notify. */
export async function runTask(state: RunState, task: TaskItem, host: HostRuntime): Promise<TaskOutcome> {
  const kw = effectiveKeywords(task);
  const taskName = task.name ?? task.action;
  const renderCtx = { source: task.pos, task: taskName };
  const baseVars = state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars });
  const noLog = keywordBool('no_log', state.templar.renderValue(kw.no_log, baseVars, renderCtx), false, task.pos);

  const scoped = (loopVars?: Vars) => (extra?: Vars) =>
    state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars, loopVars: extra ? { ...(loopVars ?? {}), ...extra } : loopVars });
  if (task.loop === undefined) {
    // nothing changes the host's variables between the condition and the module: one set serves both
    const varsWith = (extra?: Vars): Vars => (extra ? scoped()(extra) : baseVars);
    const run = await guarded(async () => {
      const skip = falseCondition(state, kw, baseVars, renderCtx);
      return skip !== undefined ? skippedRun(skip) : attempt(state, task, host, kw, varsWith, taskName);
    });
    return finish(state, task, host, kw, noLog, [], run, null);
  }

  let items: unknown[];
  try {
    items = resolveLoop(task.loop, baseVars, state.templar, renderCtx, task.action);
  } catch (err) {
    if (!(err instanceof PlayError)) throw err;
    // Ansible checks the condition before it gives up on a loop that names an undefined variable
    if (err instanceof UndefinedVariableError) {
      const skip = await guarded(async () => {
        const cond = falseCondition(state, kw, baseVars, renderCtx);
        return cond !== undefined ? skippedRun(cond) : { ...emptyRun(), failed: true, result: { msg: err.message } };
      });
      return finish(state, task, host, kw, noLog, [], skip, null);
    }
    return finish(state, task, host, kw, noLog, [], { ...emptyRun(), failed: true, result: { msg: err.message } }, null);
  }
  let lc: LoopControl | undefined;
  try {
    // Ansible post-validates loop_control when there are items to run
    lc = items.length > 0 ? renderLoopControl(task.loopControl, state.templar, baseVars, renderCtx) : task.loopControl;
  } catch (err) {
    if (!(err instanceof PlayError)) throw err;
    return finish(state, task, host, kw, noLog, [], { ...emptyRun(), failed: true, result: { msg: err.message } }, null);
  }
  const results: Record<string, unknown>[] = [];
  const runs: ModuleRun[] = [];
  for (const [i, item] of items.entries()) {
    const lv = loopVars(lc, item, i, items);
    const vars = scoped(lv)();
    let skip: string | undefined;
    try {
      skip = falseCondition(state, kw, vars, renderCtx);
    } catch (err) {
      // Ansible: a `when` that cannot be evaluated fails the whole task, not one item
      if (!(err instanceof PlayError)) throw err;
      return finish(state, task, host, kw, noLog, [], { ...emptyRun(), failed: true, result: { msg: err.describe() } }, null);
    }
    const run = await guarded(async () => (skip !== undefined ? skippedRun(skip) : attempt(state, task, host, kw, scoped(lv), taskName)));
    // set_fact (and any module returning facts) in a loop: each item's facts apply as it runs
    const facts = returnedFacts(task, run);
    if (facts && typeof facts === 'object' && !run.failed && task.action !== 'setup') applyFacts(state, task, host.name, facts as Vars, run.cacheableFacts === true);
    // the loop variables a registered item result carries, as in Ansible's _run_loop
    for (const k of [lc?.loop_var ?? 'item', 'ansible_loop_var', lc?.index_var, 'ansible_index_var', 'ansible_loop']) {
      if (k !== undefined && k in lv) run.result[k] = lv[k];
    }
    results.push(resultOf(run));
    runs.push(run);
    let label: unknown = item;
    if (lc?.label !== undefined) label = await guarded(async () => ({ ...emptyRun(), result: { label: state.templar.renderValue(lc?.label, vars, renderCtx) } })).then((r) => r.result.label ?? item);
    emitResult(state, task, host, statusOf(run), run, noLog, label);
    if (run.unreachable) break;
    if (lc?.pause) await sleep(lc.pause * 1000);
  }
  const agg: ModuleRun = {
    ...emptyRun(),
    changed: runs.some((r) => r.changed),
    failed: runs.some((r) => r.failed),
    unreachable: runs.some((r) => r.unreachable),
    skipped: runs.length > 0 && runs.every((r) => r.skipped),
    loop: true,
    result: { results, msg: runs.some((r) => r.failed) ? 'One or more items failed' : 'All items completed' },
  };
  if (agg.skipped) agg.result.msg = 'All items skipped';
  if (runs.length === 0) {
    agg.skipped = true;
    agg.result = { results: [], skipped_reason: 'No items in the list', msg: 'No items in the list' };
  }
  return finish(state, task, host, kw, noLog, runs, agg, undefined);
}

/** One item: the module, repeated per until/retries/delay. */
async function attempt(state: RunState, task: TaskItem, host: HostRuntime, kw: Inheritable, varsWith: (extra?: Vars) => Vars, taskName: string): Promise<ModuleRun> {
  const vars = varsWith();
  const renderCtx = { source: task.pos, task: taskName };
  // Ansible: retries (default 3) more attempts after the first; retries <= 0 runs once, unchecked
  const given = task.retries === undefined ? 3 : Number(state.templar.renderValue(task.retries, vars, renderCtx));
  const retries = task.until ? (given <= 0 ? 1 : given + 1) : 1;
  const delay = task.delay === undefined ? 5 : Number(state.templar.renderValue(task.delay, vars, renderCtx));
  let run: ModuleRun = emptyRun();
  for (let n = 1; n <= retries; n++) {
    run = await runAction(state, task, host, kw, vars, taskName);
    if (run.unreachable) return run;
    const conditional = task.changedWhen !== undefined || task.failedWhen !== undefined || task.until !== undefined;
    const withResult = task.register && conditional ? varsWith({ [task.register]: resultAsVariable(task.action, resultOf(run)) }) : vars;
    applyConditions(state, task, run, withResult, renderCtx);
    if (!task.until) return run;
    if (retries === 1) {
      run.result.attempts = n;
      return run;
    }
    // Ansible stops when the condition holds, whether or not this attempt failed
    if (task.until.every((c) => state.templar.isTrue(c, withResult, renderCtx))) {
      run.result.attempts = n;
      return run;
    }
    run.result.attempts = n;
    if (n < retries) await sleep(delay * 1000);
  }
  // Ansible reports one attempt fewer than it made once they are all used up
  run.result.attempts = retries - 1;
  run.failed = true;
  run.result.msg ??= 'Retries exhausted';
  return run;
}

/** The task's module, or one of the actions the executor runs itself. */
async function runAction(state: RunState, task: TaskItem, host: HostRuntime, kw: Inheritable, vars: Vars, taskName: string): Promise<ModuleRun> {
  switch (task.action) {
    case 'include_vars':
      return runIncludeVars(state, task, vars, taskName);
    case 'add_host':
      return runAddHost(state, task, vars, taskName);
    case 'group_by':
      return runGroupBy(state, task, host, vars, taskName);
    default:
      return executeModule(state, task, host, kw, vars, taskName);
  }
}

/** A template or argument error fails this host's task (as in Ansible), not the whole run. */
async function guarded(fn: () => Promise<ModuleRun>): Promise<ModuleRun> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof PlayError)) throw err;
    return { ...emptyRun(), failed: true, result: { msg: err.describe() } };
  }
}

function applyConditions(state: RunState, task: TaskItem, run: ModuleRun, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): void {
  if (task.changedWhen) run.changed = task.changedWhen.every((c) => state.templar.isTrue(c, vars, ctx));
  if (task.failedWhen) {
    // a list of conditions fails only when all of them are true (Ansible's Conditional)
    const failed = task.failedWhen.every((c) => state.templar.isTrue(c, vars, ctx));
    run.failed = failed;
    run.result.failed_when_result = failed;
  }
}

function falseCondition(state: RunState, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): string | undefined {
  for (const cond of kw.when ?? []) if (!state.templar.isTrue(cond, vars, ctx)) return String(cond);
  return undefined;
}

function finish(state: RunState, task: TaskItem, host: HostRuntime, kw: Inheritable, noLog: boolean, itemRuns: ModuleRun[], run: ModuleRun, item: unknown): TaskOutcome {
  const status = statusOf(run);
  // the variables are built only when a keyword here is a template (building them costs, per host-task)
  const templated = [kw.ignore_errors, kw.ignore_unreachable, kw.delegate_facts].some(isTemplateText) || (kw.delegate_to !== undefined && kw.delegate_facts !== undefined);
  const hostVars = templated ? state.vars.forHost(host.name, task.scope) : {};
  const ignoreErrors = keywordBool('ignore_errors', state.templar.renderValue(kw.ignore_errors, hostVars, { source: task.pos }), false, task.pos);
  const ignoreUnreachable = keywordBool('ignore_unreachable', state.templar.renderValue(kw.ignore_unreachable, hostVars, { source: task.pos }), false, task.pos);
  const result = resultOf(run);
  if (task.register && !run.unreachable) state.vars.setHostFact(host.name, task.register, resultAsVariable(task.action, result));
  const facts = returnedFacts(task, run);
  if (facts && typeof facts === 'object' && !run.failed) {
    const owner = factOwner(state, task, host, kw, hostVars);
    if (task.action === 'setup') state.vars.setGathered(owner, resultAsVariable(task.action, facts) as Vars);
    else applyFacts(state, task, owner, facts as Vars, run.cacheableFacts === true);
  }
  if (run.changed && !run.failed && !run.unreachable) {
    for (const n of notifyOf(task)) {
      const name = renderName(state, n, host, task);
      const handler = handlerNamed(state.handlers, name);
      if (handler) host.notifiedHandlers.add(handler);
      else refuseUnknownHandler(state, name, task);
      host.notified.add(name);
    }
  }
  // ignore_unreachable: the host stays in the play, as a failure under ignore_errors does
  const ignored = (status === 'failed' && ignoreErrors) || (status === 'unreachable' && ignoreUnreachable);
  if (item !== undefined || itemRuns.length === 0) emitResult(state, task, host, status, run, noLog, item ?? null, ignored);
  return { status, result: { ...result, ...(ignored ? { ignored: true } : {}) }, hostFailed: (status === 'failed' || status === 'unreachable') && !ignored };
}

function isTemplateText(value: unknown): boolean {
  return typeof value === 'string' && Templar.isTemplate(value);
}

/**
 * A notify that names no handler and no listen topic stops the run when it notifies, with
 * Ansible's message (a notify on a task that never changes is never checked, as in Ansible).
 * Handlers with templated names are matched by Ansible once rendered: those are left alone.
 */
function refuseUnknownHandler(state: RunState, name: string, task: TaskItem): void {
  const handlers = flattenHandlers(state.handlers);
  if (handlers.some((h) => listenTopics(h).includes(name) || (h.name !== undefined && Templar.isTemplate(h.name)))) return;
  throw new PlayError('HANDLER_MISSING', `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`, {
    source: task.pos,
    hint: didYouMean(name, handlers.flatMap(handlerNames)) ?? `handlers of this play: ${handlers.flatMap(handlerNames).join(', ') || '(none)'}`,
  });
}

function renderName(state: RunState, name: string, host: HostRuntime, task: TaskItem): string {
  if (!Templar.isTemplate(name)) return name;
  return state.templar.renderString(name, state.vars.forHost(host.name, task.scope), { source: task.pos });
}

function emitResult(state: RunState, task: TaskItem, host: HostRuntime, status: TaskStatus, run: ModuleRun, noLog: boolean, item: unknown, ignored = false): void {
  const m = state.masker;
  // Ansible's censored result keeps only `changed` (TaskResult.clean_copy)
  const shown = noLog ? { censored: NO_LOG_RESULT.censored, changed: run.changed } : m.mask(shownValue(run.result) /* with ansible_facts, as Ansible's callbacks get it */);
  const diff: FileDiff[] | null = noLog || run.diffs.length === 0 ? null : run.diffs.map((d) => ({ path: m.mask(d.path), before: m.mask(d.before), after: m.mask(d.after) }));
  const msg = noLog ? NO_LOG_RESULT.msg : messageOf(run.result.msg, m);
  state.events.emitEvent({
    type: 'result',
    play: state.playName,
    task: shownTaskName(state, task, host.name),
    action: task.action,
    role: roleOf(task.scope)?.name ?? null,
    host: host.name,
    item: item === null ? null : noLog ? '(censored due to no_log)' : m.mask(shownValue(item)),
    status,
    changed: run.changed,
    msg,
    diff,
    ignored: ignored && (status === 'failed' || status === 'unreachable'),
    result: shown,
    show: !noLog && run.show === true,
    commands: noLog ? [] : run.commands.map((c) => m.mask(c)),
    sent: noLog ? [] : run.sent.map((c) => ({ ...c, command: m.maskString(c.command) })),
    delegatedTo: null,
  });
}

/** The result's msg as text: a structure (debug's msg: "{{ dict }}") as JSON. */
function messageOf(msg: unknown, m: RunState['masker']): string | null {
  if (msg === undefined || msg === null) return null;
  return typeof msg === 'string' ? m.mask(msg) : m.maskString(JSON.stringify(shownValue(msg)));
}

/**
 * Returned facts become host variables. include_vars' are the controller's own files (templates
 * render when used) at their own level, below set_fact, as Ansible's strategy keeps them.
 */
/** Whose facts a task returns: its host's, or with delegate_facts the delegate's, as in Ansible. */
function factOwner(state: RunState, task: TaskItem, host: HostRuntime, kw: Inheritable, vars: Vars): string {
  if (kw.delegate_to === undefined || kw.delegate_facts === undefined) return host.name;
  if (!keywordBool('delegate_facts', state.templar.renderValue(kw.delegate_facts, vars, { source: task.pos }), false, task.pos)) return host.name;
  return String(state.templar.renderValue(kw.delegate_to, vars, { source: task.pos }));
}

function applyFacts(state: RunState, task: TaskItem, host: string, facts: Vars, cacheable: boolean): void {
  if (task.action === 'include_vars') {
    for (const [k, v] of Object.entries(facts)) state.vars.setIncludedVar(host, k, v);
    return;
  }
  const data = resultAsVariable(task.action, facts) as Vars;
  if (cacheable) storeCacheableFacts(state, host, data);
  for (const [k, v] of Object.entries(data)) state.vars.setHostFact(host, k, v);
}

/** Facts a module returned; debug's `var=ansible_facts` shows them and sets nothing (Ansible's C._ACTION_DEBUG). */
function returnedFacts(task: TaskItem, run: ModuleRun): unknown {
  return task.action === 'debug' ? undefined : run.result.ansible_facts;
}


export function resultOf(run: ModuleRun): Record<string, unknown> {
  const r: Record<string, unknown> = { ...run.result, changed: run.changed };
  // Ansible registers failed: false for every result that ran (a skipped one has no such key);
  // a loop's overall result has `skipped` always and `failed` only when an item failed
  if (run.loop) {
    if (run.failed) r.failed = true;
    r.skipped = run.skipped;
  } else {
    if (run.failed || !(run.skipped || run.unreachable)) r.failed = run.failed;
    if (run.skipped) r.skipped = true;
  }
  if (run.unreachable) r.unreachable = true;
  if (run.diffs.length) r.diff = run.diffs.map(({ path, before, after }) => ({ before_header: path, after_header: path, before, after }));
  return r;
}

function statusOf(run: ModuleRun): TaskStatus {
  if (run.unreachable) return 'unreachable';
  if (run.failed) return 'failed';
  if (run.skipped) return 'skipped';
  return run.changed ? 'changed' : 'ok';
}

function emptyRun(): ModuleRun {
  return { result: {}, changed: false, failed: false, skipped: false, unreachable: false, diffs: [], commands: [], sent: [] };
}

function skippedRun(condition: string): ModuleRun {
  return { ...emptyRun(), skipped: true, result: { skip_reason: 'Conditional result was False', false_condition: condition } };
}

/** A task that did not run on this host, reported as Ansible's v2_runner_on_skipped (meta tasks). */
export function emitSkipped(state: RunState, task: TaskItem, host: HostRuntime, reason: string): void {
  emitResult(state, task, host, 'skipped', { ...emptyRun(), skipped: true, result: { skip_reason: reason } }, false, null);
}
