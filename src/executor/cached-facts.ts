import { withoutMarks } from '../template/unsafe.js';
import type { Vars } from '../template/types.js';
import type { FactCache } from './fact-cache.js';
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
    const entry = cache.get(h.name);
    if (entry && !state.vars.hasFacts(h.name)) state.vars.setFactsAsVariables(h.name, entry.facts, entry.gathered);
  }
}

/** `gathering: smart` asks only hosts whose facts were not gathered (this run, or as the cache says). */
export function hostsToGather(state: RunState, batch: readonly HostRuntime[]): HostRuntime[] {
  if (state.options.gathering !== 'smart') return [...batch];
  return batch.filter((h) => !state.vars.isGathered(h.name));
}

/** The facts just gathered go to the cache (hosts whose gathering failed keep their old entry). */
export function storeGatheredFacts(state: RunState, hosts: readonly HostRuntime[]): void {
  const cache = state.options.factCache;
  if (!cache || state.options.render !== undefined) return;
  for (const h of hosts) {
    if (h.failed || h.unreachable) continue;
    if (state.vars.isGathered(h.name)) writeEntry(state, cache, h.name);
  }
}

/**
 * `set_fact: cacheable: true`: the facts become the host's facts (a lower level than set_fact's
 * own, which also applies) and go to the cache, as Ansible's set_host_facts does.
 */
export function storeCacheableFacts(state: RunState, host: string, facts: Vars): void {
  state.vars.setFactsAsVariables(host, facts, false);
  const cache = state.options.factCache;
  if (cache && state.options.render === undefined) writeEntry(state, cache, host);
}

function writeEntry(state: RunState, cache: FactCache, host: string): void {
  const entry = state.vars.cacheEntry(host);
  cache.set(host, { facts: withoutMarks(entry.facts) as Vars, gathered: entry.gathered });
}
