import type { Inventory } from '../inventory/types.js';
import type { Play, RoleInstance, Scope } from '../playbook/model.js';
import { lazyVars, type Templar } from '../template/index.js';
import { OPAQUE } from '../template/opaque.js';
import type { Vars } from '../template/types.js';
import { markUnsafe } from '../template/unsafe.js';
import { assignOwn, setOwn } from '../util/own-props.js';

export interface VarsOptions {
  inventory: Inventory;
  templar: Templar;
  extraVars: Vars;
  check: boolean;
  diff: boolean;
  /** --tags, --skip-tags and --limit, for ansible_run_tags, ansible_skip_tags and ansible_limit. */
  tags?: string[];
  skipTags?: string[];
  limit?: string | undefined;
}

/** The Ansible version play behaves as (ansible_version), for playbooks that test it. */
const ANSIBLE_VERSION = { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0' };

/** Facts setup returns without the ansible_ prefix: a cache holds them so. */
const SETUP_UNPREFIXED = new Set(['gather_subset', 'module_setup']);

/** Marker value of `omit`: an argument set to it is dropped (Ansible's `default(omit)`). */
export const OMIT = '__omit_place_holder__play';

/**
 * Variable precedence, low → high (a subset of Ansible's 22 levels, in Ansible's order;
 * docs/variables.md lists them):
 *   1 role defaults (every role of the play, then the task's own role chain)
 *   2 inventory: group vars (all → parents → children), host vars, group_vars/ & host_vars/ files
 *   3 facts (ansible_facts and the ansible_* names)
 *   4 play vars, 5 play vars_files
 *   6 role vars (every role of the play, then the task's own role chain)
 *   7 block vars (outer → inner), 8 task vars
 *   9 include_vars, then set_fact / registered results
 *  10 role params and include params
 *  11 magic variables (inventory_hostname, groups, hostvars, …)
 *  12 extra vars (-e): always win
 *  13 loop variables (item, index_var, ansible_loop) of the running task
 */
export class VarsManager {
  private play: Play | undefined;
  private playVars: Vars = {};
  private varsFilesVars: Vars = {};
  /** The play's hosts (all batches), and the current serial batch's. */
  private playHostsAll: string[] = [];
  private batchHosts: string[] = [];
  /** Hosts out of the play (failed or unreachable): not in ansible_play_hosts / _batch. */
  private outOfPlay: (host: string) => boolean = () => false;
  private readonly facts = new Map<string, Vars>();
  /** Facts whose variable is their bare name (a cacheable set_fact's), not ansible_NAME. */
  private readonly plainFactNames = new Map<string, Set<string>>();
  private readonly gatheredHosts = new Set<string>();
  /** Gathered facts as the ansible_* names (rebuilt when facts are gathered). */
  private readonly factNames = new Map<string, Vars>();
  private readonly hostFacts = new Map<string, Vars>();
  /** include_vars results: Ansible's vars cache, just below set_fact. */
  private readonly includedVars = new Map<string, Vars>();
  /** Per-host answers of the inventory, computed once (until add_host or group_by changes it). */
  private readonly inventoryVars = new Map<string, Vars>();
  private readonly groupNames = new Map<string, string[]>();
  private groups: Record<string, string[]> | undefined;

  private inventory: Inventory;

  constructor(private readonly opts: VarsOptions) {
    this.inventory = opts.inventory;
  }

  /** add_host and group_by changed the run's inventory: what was computed from the old one goes. */
  setInventory(inventory: Inventory): void {
    this.inventory = inventory;
    this.inventoryVars.clear();
    this.groupNames.clear();
    this.groups = undefined;
  }

  setPlay(play: Play, varsFilesVars: Vars, playHosts: string[]): void {
    this.play = play;
    this.playVars = play.kw.vars ?? {};
    this.varsFilesVars = varsFilesVars;
    this.playHostsAll = playHosts;
    this.batchHosts = playHosts;
  }

  setPlayHosts(hosts: string[]): void {
    this.batchHosts = hosts;
  }

  /** How to tell a host that has left the play (asked whenever the magic variables are built). */
  setOutOfPlay(test: (host: string) => boolean): void {
    this.outOfPlay = test;
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
    this.factNames.set(host, names);
  }

  /** meta: clear_facts — the gathered facts go; set_fact and registered values stay (as in Ansible). */
  clearGathered(host: string): void {
    this.facts.delete(host);
    this.factNames.delete(host);
    this.gatheredHosts.delete(host);
    this.plainFactNames.delete(host);
  }

  /** set_fact and register results, stored as given (with their unsafe marks, see template/unsafe.ts). */
  setHostFact(host: string, name: string, value: unknown): void {
    const cur = this.hostFacts.get(host) ?? {};
    setOwn(cur, name, value);
    this.hostFacts.set(host, cur);
  }

  /** A variable include_vars loaded (stored as loaded: templates render when used). */
  setIncludedVar(host: string, name: string, value: unknown): void {
    const cur = this.includedVars.get(host) ?? {};
    setOwn(cur, name, value);
    this.includedVars.set(host, cur);
  }

  /** The raw (untemplated) layered variables for a host at a scope. */
  rawFor(host: string, scope: Scope | undefined, extra: { taskVars?: Vars | undefined; loopVars?: Vars | undefined; withoutPlay?: boolean } = {}): Vars {
    // hostvars[h] knows no play (Ansible's HostVars asks get_vars with no play): no role or play vars
    const roles = extra.withoutPlay ? [] : (this.play?.roles ?? []);
    const chain = scopeChain(scope);
    const roleChain = roleChainOf(chain);
    // ansible_host defaults to the inventory name; the inventory may set it
    const out: Vars = { ansible_host: host };
    for (const r of roles) assignOwn(out, r.defaults);
    for (const r of roleChain) assignOwn(out, r.defaults);
    let inventoryVars = this.inventoryVars.get(host);
    if (!inventoryVars) this.inventoryVars.set(host, (inventoryVars = this.inventory.hostVars(host)));
    assignOwn(out, inventoryVars);
    const facts = this.factNames.get(host);
    if (facts) assignOwn(out, facts);
    else out.ansible_facts = {};
    if (!extra.withoutPlay) assignOwn(out, this.playVars, this.varsFilesVars);
    for (const r of roles) assignOwn(out, r.vars);
    for (const r of roleChain) assignOwn(out, r.vars);
    // the root scope is the play: its vars are level 4, not block vars
    for (const s of chain) if (s.parent && s.kw.vars) assignOwn(out, s.kw.vars);
    if (extra.taskVars) assignOwn(out, extra.taskVars);
    assignOwn(out, this.includedVars.get(host) ?? {});
    assignOwn(out, this.hostFacts.get(host) ?? {});
    for (const r of roleChain) assignOwn(out, r.params);
    for (const s of chain) if (s.includeParams) assignOwn(out, s.includeParams);
    assignOwn(out, this.magic(host, roleChain.at(-1)));
    assignOwn(out, this.opts.extraVars);
    if (extra.loopVars) assignOwn(out, extra.loopVars);
    return out;
  }

  /** Variables as templates see them: lazily templated, vars may refer to vars. */
  forHost(host: string, scope: Scope | undefined, extra: { taskVars?: Vars | undefined; loopVars?: Vars | undefined } = {}): Vars {
    return lazyVars(this.rawFor(host, scope, extra), this.opts.templar);
  }

  private magic(host: string, role: RoleInstance | undefined): Vars {
    const inv = this.inventory;
    const m: Vars = {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      group_names: this.cachedGroupNames(host),
      groups: (this.groups ??= inv.groupsMap()),
      hostvars: this.hostvarsProxy(),
      ansible_check_mode: this.opts.check,
      ansible_diff_mode: this.opts.diff,
      ansible_play_hosts: this.playHostsAll.filter((h) => !this.outOfPlay(h)),
      ansible_play_batch: this.batchHosts.filter((h) => !this.outOfPlay(h)),
      ansible_play_hosts_all: this.playHostsAll,
      play_hosts: this.batchHosts.filter((h) => !this.outOfPlay(h)),
      playbook_dir: this.play?.dir,
      ansible_play_name: this.play?.name,
      ansible_run_tags: this.opts.tags?.length ? this.opts.tags : ['all'],
      ansible_skip_tags: this.opts.skipTags ?? [],
      ansible_version: ANSIBLE_VERSION,
      // Ansible's role_names: the roles the play names (repeats included); ansible_role_names adds their dependencies
      role_names: [...(this.play?.roleNames.play ?? [])],
      ansible_play_role_names: [...(this.play?.roleNames.play ?? [])],
      ansible_dependent_role_names: [...(this.play?.roleNames.dependent ?? [])],
      ansible_role_names: [...new Set([...(this.play?.roleNames.play ?? []), ...(this.play?.roleNames.dependent ?? [])])],
      omit: OMIT,
    };
    // where lookups (file, template, first_found…) search: the role's directory, then the playbook's
    m.ansible_search_path = [...(role ? [role.path] : []), ...(this.play?.dir ? [this.play.dir] : [])];
    if (this.opts.limit !== undefined) m.ansible_limit = this.opts.limit;
    if (role) {
      m.role_path = role.path;
      m.role_name = role.name;
      m.ansible_role_name = role.name;
    }
    return m;
  }

  private cachedGroupNames(host: string): string[] {
    let names = this.groupNames.get(host);
    if (!names) this.groupNames.set(host, (names = this.inventory.groupNames(host)));
    return names;
  }

  /** hostvars[h]: every host's variables, built only when a template looks one up. */
  private hostvarsProxy(): Vars {
    const cache = new Map<string, Vars>();
    const inv = this.inventory;
    // the implicit localhost has its entry too, as in Ansible (it is not listed among the keys)
    const known = (key: string | symbol): key is string => typeof key === 'string' && (inv.hosts.has(key) || key === 'localhost');
    return new Proxy({} as Vars, {
      get: (_t, key) => {
        if (!known(key)) return undefined;
        let v = cache.get(key);
        if (!v) {
          v = lazyVars(this.rawFor(key, undefined, { withoutPlay: true }), this.opts.templar);
          cache.set(key, v);
        }
        return v;
      },
      has: (_t, key) => key === OPAQUE || known(key),
      ownKeys: () => [...inv.hosts.keys()],
      getOwnPropertyDescriptor: (_t, key) =>
        known(key) ? { enumerable: inv.hosts.has(key), configurable: true, writable: false, value: undefined } : undefined,
    });
  }
}

/** Scopes from the outermost (play) to the innermost (block). */
export function scopeChain(scope: Scope | undefined): Scope[] {
  const chain: Scope[] = [];
  for (let s = scope; s; s = s.parent) chain.unshift(s);
  return chain;
}

function roleChainOf(chain: Scope[]): RoleInstance[] {
  const roles: RoleInstance[] = [];
  for (const s of chain) if (s.role && !roles.includes(s.role)) roles.push(s.role);
  return roles;
}
