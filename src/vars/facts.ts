import type { Vars } from '../template/types.js';
import { markUnsafe } from '../template/unsafe.js';
import { assignOwn, setOwn } from '../util/own-props.js';

/** Facts setup returns without the ansible_ prefix: a cache holds them so. */
const SETUP_UNPREFIXED = new Set(['gather_subset', 'module_setup']);

/**
 * The hosts' facts (setup, the fact cache, `set_fact: cacheable`), and the variables they are:
 * ansible_facts and the ansible_* names. Each change builds a host's names anew: a set of
 * variables built before keeps the ones it was built with.
 */
export class FactStore {
  private readonly facts = new Map<string, Vars>();
  /** Facts whose variable is their bare name (a cacheable set_fact's), not ansible_NAME. */
  private readonly plainFactNames = new Map<string, Set<string>>();
  private readonly gatheredHosts = new Set<string>();
  /** Gathered facts as the ansible_* names (rebuilt when facts are gathered). */
  private readonly namesByHost = new Map<string, Vars>();

  /** The host's facts as variables (ansible_facts and the ansible_* names), if it has any. */
  names(host: string): Vars | undefined {
    return this.namesByHost.get(host);
  }

  /** Gathered facts (setup): exposed as ansible_facts.* and ansible_*. They come from the host: unsafe data. */
  setGathered(host: string, facts: Vars): void {
    this.gatheredHosts.add(host);
    const plain = this.plainFactNames.get(host);
    if (plain) for (const k of Object.keys(facts)) plain.delete(k);
    this.mergeFacts(host, facts);
  }

  /**
   * Facts under their variable names, as Ansible's fact cache holds them (a cache entry, a
   * `set_fact: cacheable` result): `ansible_x` is ansible_facts.x, any other name is itself
   * and ansible_facts.name. `gathered`: setup gathered them (what `gathering: smart` asks).
   */
  setFactsAsVariables(host: string, facts: Vars, gathered: boolean): void {
    if (gathered) this.gatheredHosts.add(host);
    let plain = this.plainFactNames.get(host);
    if (!plain) this.plainFactNames.set(host, (plain = new Set()));
    const named: Vars = {};
    for (const [k, v] of Object.entries(facts)) {
      const bare = k.startsWith('ansible_') ? k.slice('ansible_'.length) : k;
      if (bare === k && !SETUP_UNPREFIXED.has(k)) plain.add(k);
      else plain.delete(bare);
      setOwn(named, bare, v);
    }
    this.mergeFacts(host, named);
  }

  /** The host's facts as a fact cache entry (variable names, see setFactsAsVariables). */
  cacheEntry(host: string): { facts: Vars; gathered: boolean } {
    const plain = this.plainFactNames.get(host);
    const facts: Vars = {};
    for (const [k, v] of Object.entries(this.facts.get(host) ?? {})) setOwn(facts, plain?.has(k) || SETUP_UNPREFIXED.has(k) ? k : `ansible_${k}`, v);
    return { facts, gathered: this.gatheredHosts.has(host) };
  }

  /** Whether setup gathered the host's facts (in this run, or a cached entry says so). */
  isGathered(host: string): boolean {
    return this.gatheredHosts.has(host);
  }

  /** Whether the host has any facts yet. */
  hasFacts(host: string): boolean {
    return this.facts.has(host);
  }

  private mergeFacts(host: string, facts: Vars): void {
    const all = markUnsafe(assignOwn({}, this.facts.get(host), facts)) as Vars;
    this.facts.set(host, all);
    const plain = this.plainFactNames.get(host);
    const names: Vars = {};
    for (const [k, v] of Object.entries(all)) setOwn(names, plain?.has(k) ? k : `ansible_${k}`, v);
    names.ansible_facts = all;
    this.namesByHost.set(host, names);
  }

  /** meta: clear_facts — the gathered facts go; set_fact and registered values stay (as in Ansible). */
  clearGathered(host: string): void {
    this.facts.delete(host);
    this.namesByHost.delete(host);
    this.gatheredHosts.delete(host);
    this.plainFactNames.delete(host);
  }
}
