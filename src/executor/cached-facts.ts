import { withoutMarks } from '../template/unsafe.js';
import type { Vars } from '../template/types.js';
import type { HostRuntime, RunState } from './state.js';

/** Hosts whose cached facts were looked up in this run (each once). */
const looked = new WeakMap<RunState, Set<string>>();

/**
 * With a fact cache, a host's cached facts are its facts from the run's start, as in Ansible
 * (a play without gather_facts sees them too). --render's facts are the inventory's fiction:
 * they are never read from or written to the cache.
 */
export function loadCachedFacts(state: RunState, hosts: readonly HostRuntime[]): void {
  const cache = state.options.factCache;
  if (!cache || state.options.render !== undefined) return;
  let seen = looked.get(state);
  if (!seen) looked.set(state, (seen = new Set()));
  for (const h of hosts) {
    if (seen.has(h.name)) continue;
    seen.add(h.name);
    const facts = cache.get(h.name);
    if (facts && Object.keys(state.vars.gathered(h.name)).length === 0) state.vars.setGathered(h.name, facts);
  }
}

/** `gathering: smart` asks only hosts whose facts are unknown (not gathered this run, not cached). */
export function hostsToGather(state: RunState, batch: readonly HostRuntime[]): HostRuntime[] {
  if (state.options.gathering !== 'smart') return [...batch];
  return batch.filter((h) => Object.keys(state.vars.gathered(h.name)).length === 0);
}

/** The facts just gathered go to the cache (hosts whose gathering failed keep their old entry). */
export function storeGatheredFacts(state: RunState, hosts: readonly HostRuntime[]): void {
  const cache = state.options.factCache;
  if (!cache || state.options.render !== undefined) return;
  for (const h of hosts) {
    if (h.failed || h.unreachable) continue;
    const facts = state.vars.gathered(h.name);
    if (Object.keys(facts).length > 0) cache.set(h.name, withoutMarks(facts) as Vars);
  }
}
