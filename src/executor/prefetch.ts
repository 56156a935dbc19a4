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
 * Reading ahead: when a task is about to run on a host whose state it will inspect is not known
 * yet (a file task's paths, a module's remoteFacts), what the upcoming tasks (the task itself
 * included) will inspect is read at once: the paths in one round trip, the facts side by side
 * with it. Later tasks' own reads then hit the host's cache. Nothing is decided here: a task
 * whose state was read ahead plans exactly as if it had read it itself, because every change of
 * the run (and every command of unknown effect) invalidates what it may have touched, and what
 * was invalidated is read again when needed.
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
  const mod = getModule(first.action);
  if (!mod?.remotePaths && !mod?.remoteFacts) return;
  const tasks = flattenTasks(upcoming).filter((t) => willRun(state, pr, t));
  await Promise.all(hosts.map((h) => prefetchHost(state, first, tasks, h).catch(() => undefined)));
}

async function prefetchHost(state: RunState, first: TaskItem, tasks: readonly TaskItem[], host: HostRuntime): Promise<void> {
  const current = readsOf(state, first, host);
  if (current === undefined) return;
  if (current.files.every((r) => host.world.knows(r.path, r.content)) && current.facts.every((r) => host.world.knowsFact(r))) return;
  // a run that changes much drops what it read ahead: then each task reads its own facts
  const withFacts = host.world.readAheadPays;
  const files: BatchRequest[] = [];
  const facts: FactRead[] = [];
  for (const t of tasks) {
    const r = t === first ? current : readsOf(state, t, host);
    if (r === undefined || r.session !== current.session) continue;
    files.push(...r.files);
    if (withFacts || t === first) facts.push(...r.facts);
  }
  const reader = await readAheadRunner(state, first, host);
  if (!reader) return;
  await Promise.all([
    files.length ? host.world.prefetch(files, reader.run, sessionKey(reader.become)) : undefined,
    facts.length ? host.world.readAhead(facts, reader.run) : undefined,
  ]);
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
  // several reads ahead may come before the next task shows them: each adds to the host's list
  const connection = new RecordingConnection(opened, host.readAhead);
  const become = resolveBecome(state, kw, vars, ctx);
  return { run: runnerFor({ connection, become, env: undefined, host: host.name }), become };
}

interface TaskReads {
  /** Paths to stat (and read), from the module's remotePaths. */
  files: BatchRequest[];
  /** Facts, from the module's remoteFacts. */
  facts: FactRead[];
  /** Tasks read ahead together reach the host the same way and run their reads as the same user. */
  session: string;
}

/** What a task will inspect on this host (for each loop item), or undefined when not known yet. */
function readsOf(state: RunState, task: TaskItem, host: HostRuntime): TaskReads | undefined {
  const mod = getModule(task.action);
  if (!mod || (!mod.remotePaths && !mod.remoteFacts)) return undefined;
  const args = resolveAliases(mod.aliases, task.args);
  const kw = effectiveKeywords(task);
  if (kw.delegate_to !== undefined) return undefined;
  // a lookup may run a command or write a file: facts need every argument rendered, so none is
  const factsKnowable = mod.remoteFacts !== undefined && kw.environment === undefined && !UNSAFE.test(JSON.stringify(task.args));
  const ctx = { source: task.pos, task: task.name ?? task.action };
  try {
    const base = state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars });
    const itemVars = loopItemVars(state, task, base, ctx);
    if (itemVars === undefined) return undefined;
    const files: BatchRequest[] = [];
    const facts: FactRead[] = [];
    for (const lv of itemVars) {
      const vars = lv === undefined ? base : state.vars.forHost(host.name, task.scope, { taskVars: task.kw.vars, loopVars: lv });
      if (mod.remotePaths) files.push(...pathRequests(state, args, mod.remotePaths, vars, ctx));
      // (an environment changes what a read answers)
      if (factsKnowable) facts.push(...factReads(state, mod, args, vars, ctx));
    }
    const session = JSON.stringify([resolveBecome(state, kw, base, ctx) ?? null, kw.connection, kw.remote_user, kw.port]);
    return files.length || facts.length ? { files, facts, session } : undefined;
  } catch {
    return undefined; // a variable not set yet (registered later): the task reads it itself
  }
}

type RenderCtx = { source: TaskItem['pos']; task: string };

/** The loop variables of each item ([undefined]: no loop), or undefined when the items cannot be known early. */
function loopItemVars(state: RunState, task: TaskItem, base: Vars, ctx: RenderCtx): (Vars | undefined)[] | undefined {
  if (task.loop === undefined) return [undefined];
  if (UNSAFE.test(JSON.stringify(task.loop))) return undefined;
  // a templated loop_control (loop_var: "{{ name }}") is rendered when the loop runs
  if (/{{|{%/.test(JSON.stringify(task.loopControl ?? {}))) return undefined;
  // lookups that run commands or write files (pipe, lines, password) run once, when the task does
  const lookup = lookupLoop(task.loop);
  if (lookup && !PURE_LOOKUPS.has(lookup.lookup)) return undefined;
  const items = resolveLoop(task.loop, base, state.templar, ctx).slice(0, PREFETCH_WINDOW);
  return items.map((item, i) => loopVars(task.loopControl, item, i, items));
}

function pathRequests(state: RunState, args: Record<string, unknown>, hint: NonNullable<ModuleDefinition['remotePaths']>, vars: Vars, ctx: RenderCtx): BatchRequest[] {
  const requests: BatchRequest[] = [];
  for (const name of hint.args) {
    const raw = args[name];
    if (typeof raw !== 'string' || UNSAFE.test(raw)) continue;
    const path = state.templar.renderValue(raw, vars, ctx);
    if (typeof path === 'string' && path.startsWith('/') && !path.endsWith('/')) requests.push({ path, content: hint.content === true });
  }
  return requests;
}

/** The module's remoteFacts of its validated arguments (none when they do not validate yet). */
function factReads(state: RunState, mod: ModuleDefinition, args: Record<string, unknown>, vars: Vars, ctx: RenderCtx): FactRead[] {
  const rendered: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) rendered[k] = mod.rawArgs?.includes(k) ? v : state.templar.renderValue(v, vars, ctx);
  const valid = validateModuleArgs(mod, rendered);
  return valid.ok ? [...(mod.remoteFacts?.(valid.data) ?? [])] : [];
}

/**
 * A loop's facts read side by side: each item's (the module's remoteFacts of the item's validated
 * arguments), all at once, before the first item plans. Without it the items of a loop over
 * three domains wait for three round trips, one after the other.
 */
export async function readAheadLoopFacts(state: RunState, pr: PlayRun, task: TaskItem, hosts: readonly HostRuntime[]): Promise<void> {
  const mod = getModule(task.action);
  if (state.options.offline || task.loop === undefined || !mod?.remoteFacts || !willRun(state, pr, task)) return;
  await Promise.all(hosts.map((h) => readFactsAhead(state, task, h).catch(() => undefined)));
}

/** The facts `task` will read on `host` (its module's remoteFacts), read now, side by side. */
export async function readFactsAhead(state: RunState, task: TaskItem, host: HostRuntime): Promise<void> {
  const reads = (readsOf(state, task, host)?.facts ?? []).filter((r) => !host.world.knowsFact(r));
  if (reads.length === 0) return;
  const reader = await readAheadRunner(state, task, host);
  if (reader) await host.world.readAhead(reads, reader.run);
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
