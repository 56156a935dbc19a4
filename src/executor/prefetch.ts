import type { BatchRequest } from '../facts/file-batch.js';
import { resolveAliases, validateModuleArgs } from '../modules/arg-spec.js';
import type { FactRead, ModuleDefinition } from '../modules/types.js';
import { getModule } from '../modules/registry.js';
import type { Item, TaskItem } from '../playbook/model.js';
import type { Vars } from '../template/types.js';
import { connectionSpec } from './connections.js';
import { effectiveKeywords, roleOf, tagsSelected } from './effective.js';
import { connectionDefaults, readConnectionVars, resolveBecome } from './execute-module.js';
import { lookupLoop, loopVars, resolveLoop } from './loop.js';
import { sessionKey, type Runner } from './host-world.js';
import type { Become } from '../connection/types.js';
import { runnerFor } from './module-context.js';
import { RecordingConnection } from './sent-commands.js';
import type { PlayRun } from './run-play.js';
import type { HostRuntime, RunState } from './state.js';

/**
 * Reading ahead: when a file task is about to run on a host whose state of that path is not
 * known yet, the paths of the upcoming file tasks (the task itself included) are read in one
 * round trip per host and cached in the host's world. Later tasks' own stat/read calls then hit
 * the cache. Nothing is decided here: a task whose path was read ahead plans exactly as if it had
 * read the path itself, because every change of the run (and every command of unknown effect)
 * invalidates what it may have touched, and a path invalidated is read again when needed.
 */

/** How many upcoming tasks one read-ahead looks at. */
export const PREFETCH_WINDOW = 64;

/** Templates that must not be rendered early (side effects, time). */
/** Loop lookups that only compute from their terms. */
const PURE_LOOKUPS = new Set(['items', 'list', 'dict', 'indexed_items', 'together', 'nested', 'subelements', 'sequence']);
const UNSAFE = /\b(lookup|query|q|now)\s*\(/;

export async function prefetchAhead(state: RunState, pr: PlayRun, upcoming: readonly Item[], hosts: readonly HostRuntime[]): Promise<void> {
  const first = upcoming[0];
  if (state.options.offline || first?.kind !== 'task' || pr.startAt.name !== undefined) return;
  if (!getModule(first.action)?.remotePaths) return;
  const tasks = flattenTasks(upcoming).filter((t) => willRun(state, pr, t));
  await Promise.all(hosts.map((h) => prefetchHost(state, first, tasks, h).catch(() => undefined)));
}

async function prefetchHost(state: RunState, first: TaskItem, tasks: readonly TaskItem[], host: HostRuntime): Promise<void> {
  const current = pathsOf(state, first, host);
  if (current === undefined || current.requests.every((r) => host.world.knows(r.path, r.content))) return;
  const requests: BatchRequest[] = [];
  for (const t of tasks) {
    const p = t === first ? current : pathsOf(state, t, host);
    if (p !== undefined && p.become === current.become) requests.push(...p.requests);
  }
  const reader = await readAheadRunner(state, first, host);
  if (reader) await host.world.prefetch(requests, reader.run, sessionKey(reader.become));
}

/**
 * How a read-ahead for `task` reaches its host: the task's connection and become, over a
 * connection already open — opening one here would make an unreachable host's task wait out the
 * connect timeout twice. What it sends is shown with the task's commands (-vvvv).
 */
export async function readAheadRunner(state: RunState, task: TaskItem, host: HostRuntime): Promise<{ run: Runner; become: Become | undefined } | undefined> {
  const vars = state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars });
  const kw = effectiveKeywords(task);
  const ctx = { source: task.pos, task: task.name ?? task.action };
  const spec = connectionSpec(host.name, readConnectionVars(vars, connectionDefaults(state, kw, vars, ctx)), state.options.acceptNewHostKeys);
  const opened = await state.connections.opened(spec);
  if (!opened) return undefined;
  const connection = new RecordingConnection(opened);
  host.readAhead = connection.sent;
  const become = resolveBecome(state, kw, vars, ctx);
  return { run: runnerFor({ connection, become, env: undefined, host: host.name }), become };
}

interface TaskPaths {
  requests: BatchRequest[];
  /** Tasks read ahead together run their reads as the same user. */
  become: string;
}

/** The absolute paths a task will inspect on this host (each loop item's), or undefined when not known yet. */
function pathsOf(state: RunState, task: TaskItem, host: HostRuntime): TaskPaths | undefined {
  const mod = getModule(task.action);
  const hint = mod?.remotePaths;
  if (!mod || !hint) return undefined;
  const args = resolveAliases(mod.aliases, task.args);
  const kw = effectiveKeywords(task);
  if (kw.delegate_to !== undefined) return undefined;
  const ctx = { source: task.pos, task: task.name ?? task.action };
  try {
    const base = state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars });
    let itemVars: (Vars | undefined)[] = [undefined];
    if (task.loop !== undefined) {
      if (UNSAFE.test(JSON.stringify(task.loop))) return undefined;
      // lookups that run commands or write files (pipe, lines, password) run once, when the task does
      const lookup = lookupLoop(task.loop);
      if (lookup && !PURE_LOOKUPS.has(lookup.lookup)) return undefined;
      const items = resolveLoop(task.loop, base, state.templar, ctx).slice(0, PREFETCH_WINDOW);
      itemVars = items.map((item, i) => loopVars(task.loopControl, item, i, items));
    }
    const requests: BatchRequest[] = [];
    for (const lv of itemVars) {
      const vars = lv === undefined ? base : state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars, loopVars: lv });
      for (const name of hint.args) {
        const raw = args[name];
        if (typeof raw !== 'string' || UNSAFE.test(raw)) continue;
        const path = state.templar.renderValue(raw, vars, ctx);
        if (typeof path === 'string' && path.startsWith('/') && !path.endsWith('/')) requests.push({ path, content: hint.content === true });
      }
    }
    const become = resolveBecome(state, kw, base, ctx);
    return requests.length ? { requests, become: JSON.stringify(become ?? null) } : undefined;
  } catch {
    return undefined; // a variable not set yet (registered later): the task reads it itself
  }
}

/**
 * A loop's facts read side by side: each item's (the module's remoteFacts of the item's validated
 * arguments), all at once, before the first item plans. Without it the items of a loop over
 * three domains wait for three round trips, one after the other.
 */
export async function readAheadLoopFacts(state: RunState, pr: PlayRun, task: TaskItem, hosts: readonly HostRuntime[]): Promise<void> {
  const mod = getModule(task.action);
  if (state.options.offline || task.loop === undefined || !mod?.remoteFacts || !willRun(state, pr, task)) return;
  const readHost = async (host: HostRuntime): Promise<void> => {
    const reads = loopFactReads(state, task, host, mod);
    if (reads.length === 0) return;
    const reader = await readAheadRunner(state, task, host);
    if (reader) await host.world.readAhead(reads, reader.run);
  };
  await Promise.all(hosts.map((h) => readHost(h).catch(() => undefined)));
}

function loopFactReads(state: RunState, task: TaskItem, host: HostRuntime, mod: ModuleDefinition): FactRead[] {
  const kw = effectiveKeywords(task);
  // a delegated task reads another host; an environment changes what a read answers
  if (!mod.remoteFacts || task.loop === undefined || kw.delegate_to !== undefined || kw.environment !== undefined) return [];
  if (UNSAFE.test(JSON.stringify(task.args)) || UNSAFE.test(JSON.stringify(task.loop))) return [];
  const lookup = lookupLoop(task.loop);
  if (lookup && !PURE_LOOKUPS.has(lookup.lookup)) return [];
  const args = resolveAliases(mod.aliases, task.args);
  const ctx = { source: task.pos, task: task.name ?? task.action };
  try {
    const base = state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars });
    const items = resolveLoop(task.loop, base, state.templar, ctx).slice(0, PREFETCH_WINDOW);
    const reads: FactRead[] = [];
    items.forEach((item, i) => {
      const vars = state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars, loopVars: loopVars(task.loopControl, item, i, items) });
      const rendered: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(args)) rendered[k] = mod.rawArgs?.includes(k) ? v : state.templar.renderValue(v, vars, ctx);
      const valid = validateModuleArgs(mod, rendered);
      if (valid.ok) reads.push(...(mod.remoteFacts?.(valid.data) ?? []));
    });
    return reads;
  } catch {
    return []; // a variable not set yet (registered by an earlier item's task): each item reads its own
  }
}

/** Tasks selected by --role and tags (what runTaskOnHosts would not skip outright). */
function willRun(state: RunState, pr: PlayRun, task: TaskItem): boolean {
  if (pr.selectedRoles.size) {
    const role = roleOf(task.scope);
    if (!role || !pr.selectedRoles.has(role.name)) return false;
  }
  return tagsSelected(effectiveKeywords(task).tags ?? [], state.options.tags, state.options.skipTags);
}

function flattenTasks(items: readonly Item[]): TaskItem[] {
  const out: TaskItem[] = [];
  const walk = (list: readonly Item[]): void => {
    for (const i of list) {
      if (out.length >= PREFETCH_WINDOW) return;
      if (i.kind === 'task') out.push(i);
      else if (i.kind === 'block') walk(i.block);
    }
  };
  walk(items);
  return out;
}
