import type { Inventory } from '../inventory/types.js';
import type { Play, RoleInstance, Scope } from '../playbook/model.js';
import { PerView, layeredVars, type Templar } from '../template/index.js';
import { OPAQUE } from '../template/opaque.js';
import type { Vars } from '../template/types.js';
import { assignOwn, setOwn } from '../util/own-props.js';
import { FactStore } from './facts.js';
import { magicVars, playHostLists, type PlayHostLists, type RunFlags } from './magic.js';
import { notePlayRole, type PlayRoleNames } from '../playbook/roles.js';

export { OMIT } from './magic.js';

export interface VarsOptions extends RunFlags {
  inventory: Inventory;
  templar: Templar;
  extraVars: Vars;
}

interface LayerOptions {
  taskVars?: Vars | undefined;
  loopVars?: Vars | undefined;
  withoutPlay?: boolean;
}

/** What a task's scope adds to its host's layers (the same for every host, every task of the scope). */
interface ScopeLayers {
  play: Play | undefined;
  /** How many play-wide roles it was made with (public include_roles add some during the play). */
  roles: number;
  /** Role defaults: every role of the play, then the task's own role chain. */
  defaults: Vars[];
  /** Role vars (the play's roles, then the chain), then block vars (outer → inner). */
  vars: Vars[];
  /** Role params of the chain, then include params. */
  params: Vars[];
  /** The innermost role (role_path, role_name…). */
  role: RoleInstance | undefined;
}

const NO_VARS: Vars = Object.freeze({});

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
 *
 * A task's variables are a view over these layers (template/layered-vars.ts), not a copy: what
 * does not change between tasks is built once and kept — a host's inventory variables and facts
 * names, a scope's role and block layers, the magic variables per host and role (until the
 * play, its batch, the inventory or a host's failed/unreachable status changes). A layer a view
 * holds is never written: set_fact and include_vars copy their host's layer first.
 */
export class VarsManager {
  private play: Play | undefined;
  /** Roles public include_roles added to the play, and their names as role_names shows them. */
  private publicRoles: RoleInstance[] = [];
  private publicRoleNames: PlayRoleNames = { play: [], dependent: [] };
  private playVars: Vars = {};
  private varsFilesVars: Vars = {};
  /** The play's hosts (all batches), and the current serial batch's. */
  private playHostsAll: string[] = [];
  private batchHosts: string[] = [];
  /** Hosts out of the play (failed or unreachable): not in ansible_play_hosts / _batch. */
  private outOfPlay: (host: string) => boolean = () => false;
  private readonly facts = new FactStore();
  private readonly hostFacts = new Map<string, Vars>();
  /** include_vars results: Ansible's vars cache, just below set_fact. */
  private readonly includedVars = new Map<string, Vars>();
  /** Per-host answers of the inventory, computed once (until add_host or group_by changes it). */
  private readonly inventoryVars = new Map<string, Vars>();
  private readonly groupNames = new Map<string, string[]>();
  private groups: Record<string, string[]> | undefined;
  /** Per host: { ansible_host: host }, the lowest layer. */
  private readonly hostEntries = new Map<string, Vars>();
  /** Per scope (and for the play itself): its layers in the current play. */
  private readonly scopeCache = new WeakMap<Scope, ScopeLayers>();
  private playScope: ScopeLayers | undefined;
  /** Per host and innermost role: the magic variables, until forgetMagic. */
  private readonly magicCache = new Map<string, Map<RoleInstance | undefined, Vars>>();
  private hostLists: PlayHostLists | undefined;
  /** hostvars: made anew for each set of variables that reads it (its cache must not outlive them). */
  private readonly hostvars = new PerView(() => this.hostvarsProxy());
  /** set_fact / include_vars layers some view holds: copied before they are written again. */
  private readonly held = new WeakSet<Vars>();

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
    this.forgetMagic();
  }

  setPlay(play: Play, varsFilesVars: Vars, playHosts: string[]): void {
    this.play = play;
    this.publicRoles = [];
    this.publicRoleNames = { play: [], dependent: [] };
    this.playVars = play.kw.vars ?? {};
    this.varsFilesVars = varsFilesVars;
    this.playHostsAll = playHosts;
    this.batchHosts = playHosts;
    this.playScope = undefined;
    this.forgetMagic();
  }

  /**
   * An include_role with `public: true` ran: its roles' defaults and vars (dependencies
   * included) join the play's roles' for the tasks after it, and role_names lists it, as Ansible
   * appends the role to play.roles. `role` is the included one, `roles` it with its dependencies.
   */
  addPublicRoles(role: RoleInstance, roles: readonly RoleInstance[]): void {
    for (const r of roles) if (!this.publicRoles.includes(r)) this.publicRoles.push(r);
    notePlayRole(this.publicRoleNames, role);
    this.playScope = undefined;
    this.forgetMagic();
  }

  setPlayHosts(hosts: string[]): void {
    this.batchHosts = hosts;
    this.forgetMagic();
  }

  /** How to tell a host that has left the play (asked when the magic variables are built: see playStatusChanged). */
  setOutOfPlay(test: (host: string) => boolean): void {
    this.outOfPlay = test;
    this.forgetMagic();
  }

  /** A host left the play or came back (failed, unreachable, clear_host_errors): ansible_play_hosts changes. */
  playStatusChanged(): void {
    this.forgetMagic();
  }

  private forgetMagic(): void {
    this.magicCache.clear();
    this.hostLists = undefined;
  }

  /** Gathered facts (setup): exposed as ansible_facts.* and ansible_*. They come from the host: unsafe data. */
  setGathered(host: string, facts: Vars): void {
    this.facts.setGathered(host, facts);
  }

  /** Facts under their variable names, as Ansible's fact cache holds them (see FactStore). */
  setFactsAsVariables(host: string, facts: Vars, gathered: boolean): void {
    this.facts.setFactsAsVariables(host, facts, gathered);
  }

  /** The host's facts as a fact cache entry (variable names, see setFactsAsVariables). */
  cacheEntry(host: string): { facts: Vars; gathered: boolean } {
    return this.facts.cacheEntry(host);
  }

  /** Whether setup gathered the host's facts (in this run, or a cached entry says so). */
  isGathered(host: string): boolean {
    return this.facts.isGathered(host);
  }

  /** Whether the host has any facts yet. */
  hasFacts(host: string): boolean {
    return this.facts.hasFacts(host);
  }

  /** meta: clear_facts — the gathered facts go; set_fact and registered values stay (as in Ansible). */
  clearGathered(host: string): void {
    this.facts.clearGathered(host);
  }

  /** set_fact and register results, stored as given (with their unsafe marks, see template/unsafe.ts). */
  setHostFact(host: string, name: string, value: unknown): void {
    setOwn(this.writable(this.hostFacts, host), name, value);
  }

  /** A variable include_vars loaded (stored as loaded: templates render when used). */
  setIncludedVar(host: string, name: string, value: unknown): void {
    setOwn(this.writable(this.includedVars, host), name, value);
  }

  /** The host's layer, to write to: a copy when a view holds it (a view keeps the values it was built with). */
  private writable(layers: Map<string, Vars>, host: string): Vars {
    let layer = layers.get(host);
    if (!layer || this.held.has(layer)) layers.set(host, (layer = assignOwn({}, layer)));
    return layer;
  }

  /** A host's layer, for a view (see writable). */
  private hold(layers: Map<string, Vars>, host: string): Vars {
    const layer = layers.get(host);
    if (!layer) return NO_VARS;
    this.held.add(layer);
    return layer;
  }

  /** Variables as templates see them: lazily templated, vars may refer to vars. */
  forHost(host: string, scope: Scope | undefined, extra: { taskVars?: Vars | undefined; loopVars?: Vars | undefined } = {}): Vars {
    return layeredVars(this.layersFor(host, scope, extra), this.opts.templar);
  }

  /** The layers, low → high precedence (the order of the list at the top of this class). */
  private layersFor(host: string, scope: Scope | undefined, extra: LayerOptions): Vars[] {
    // hostvars[h] knows no play (Ansible's HostVars asks get_vars with no play): no role or play vars
    const withoutPlay = extra.withoutPlay === true;
    const s = withoutPlay ? layersOfScope(undefined, scope, []) : this.scopeLayers(scope);
    let hostEntry = this.hostEntries.get(host);
    // ansible_host defaults to the inventory name; the inventory may set it
    if (!hostEntry) this.hostEntries.set(host, (hostEntry = { ansible_host: host }));
    let inventoryVars = this.inventoryVars.get(host);
    if (!inventoryVars) this.inventoryVars.set(host, (inventoryVars = this.inventory.hostVars(host)));
    const layers: Vars[] = [hostEntry, ...s.defaults, inventoryVars, this.facts.names(host) ?? { ansible_facts: {} }];
    if (!withoutPlay) layers.push(this.playVars, this.varsFilesVars);
    layers.push(...s.vars);
    if (extra.taskVars) layers.push(extra.taskVars);
    layers.push(this.hold(this.includedVars, host), this.hold(this.hostFacts, host), ...s.params, this.magic(host, s.role), this.opts.extraVars);
    if (extra.loopVars) layers.push(extra.loopVars);
    return layers;
  }

  private scopeLayers(scope: Scope | undefined): ScopeLayers {
    const roles = [...(this.play?.roles ?? []), ...this.publicRoles];
    const known = scope ? this.scopeCache.get(scope) : this.playScope;
    if (known && known.play === this.play && known.roles === roles.length) return known;
    const made = layersOfScope(this.play, scope, roles);
    if (scope) this.scopeCache.set(scope, made);
    else this.playScope = made;
    return made;
  }

  private magic(host: string, role: RoleInstance | undefined): Vars {
    let byRole = this.magicCache.get(host);
    if (!byRole) this.magicCache.set(host, (byRole = new Map()));
    let m = byRole.get(role);
    if (!m) {
      this.hostLists ??= playHostLists(this.playHostsAll, this.batchHosts, this.outOfPlay);
      this.groups ??= this.inventory.groupsMap();
      const lists = this.hostLists;
      m = magicVars({ host, role, play: this.play, flags: this.opts, groupNames: this.cachedGroupNames(host), groups: this.groups, hostvars: this.hostvars, lists, publicRoleNames: this.publicRoleNames });
      byRole.set(role, m);
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
          v = layeredVars(this.layersFor(key, undefined, { withoutPlay: true }), this.opts.templar);
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

function layersOfScope(play: Play | undefined, scope: Scope | undefined, playRoles: readonly RoleInstance[]): ScopeLayers {
  const chain = scopeChain(scope);
  const roles = [...playRoles, ...roleChainOf(chain)];
  const roleChain = roles.slice(playRoles.length);
  return {
    play,
    roles: playRoles.length,
    defaults: roles.map((r) => r.defaults),
    // the root scope is the play: its vars are level 4, not block vars
    vars: [...roles.map((r) => r.vars), ...chain.flatMap((s) => (s.parent && s.kw.vars ? [s.kw.vars] : []))],
    params: [...roleChain.map((r) => r.params), ...chain.flatMap((s) => (s.includeParams ? [s.includeParams] : []))],
    role: roleChain.at(-1),
  };
}

function roleChainOf(chain: Scope[]): RoleInstance[] {
  const roles: RoleInstance[] = [];
  for (const s of chain) if (s.role && !roles.includes(s.role)) roles.push(s.role);
  return roles;
}
