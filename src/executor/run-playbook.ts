import { promptVars } from './vars-prompt.js';
import type { Inventory } from '../inventory/types.js';
import type { Play, Playbook } from '../playbook/model.js';
import { loadVarsFiles } from '../playbook/vars-files.js';
import { Masker } from '../secrets/mask.js';
import { Templar } from '../template/index.js';
import type { Vars } from '../template/types.js';
import { VarsManager } from '../vars/manager.js';
import { hostsToGather, loadCachedFacts, storeGatheredFacts } from './cached-facts.js';
import { ConnectionManager, type KeptConnections } from './connections.js';
import { ExitCode } from '../errors.js';
import type { HostStats, RunEvents } from './events.js';
import { keywordBool } from './keyword-boolean.js';
import type { RunOptions } from './options.js';
import { flushHandlers, runItems, runTaskOnHosts, type PlayRun } from './run-play.js';
import { gatherAhead } from './gather-ahead.js';
import { gatherTask, selectPlayHosts } from './play-hosts.js';

export { selectPlayHosts } from './play-hosts.js';
import { hostRuntime, type HostRuntime, type RunState } from './state.js';

export interface RunSummary {
  stats: Record<string, HostStats>;
  exitCode: number;
  unreachable: Record<string, string>;
  /** Commands sent to each host (exec, put, get): the run's round trips. */
  roundTrips: Record<string, number>;
}

export interface RunInputs {
  playbooks: Playbook[];
  inventory: Inventory;
  options: RunOptions;
  events: RunEvents;
  masker?: Masker;
  /** Connections kept open across runs by a long-lived caller (play serve). */
  keptConnections?: KeptConnections | undefined;
}

/** Runs playbooks against the inventory; never prints — everything goes out as events. */
export async function runPlaybooks(inputs: RunInputs): Promise<RunSummary> {
  const { inventory, options, events } = inputs;
  const masker = inputs.masker ?? new Masker();
  const templar = new Templar({ secrets: masker });
  const connections = new ConnectionManager((text) => masker.maskString(text), inputs.keptConnections);
  const state: RunState = {
    options,
    inventory,
    templar,
    vars: new VarsManager({ inventory, templar, extraVars: options.extraVars, check: options.check, diff: options.diff, tags: options.tags, skipTags: options.skipTags, limit: options.limit }),
    events,
    masker,
    connections,
    hosts: new Map(),
    playName: '',
    playbookDir: '',
    handlers: [],
    playEnded: false,
  };
  const varsFiles = new Map<Play, Vars>();
  for (const pb of inputs.playbooks) for (const play of pb.plays) varsFiles.set(play, await loadVarsFiles(play, templar, options.extraVars));
  const stats: Record<string, HostStats> = {};
  const unreachable: Record<string, string> = {};
  const recap = (): void => {
    for (const h of state.hosts.values()) {
      stats[h.name] = h.stats;
      if (h.unreachableReason) unreachable[h.name] = masker.maskString(h.unreachableReason);
    }
    events.emitEvent({ type: 'recap', hosts: stats, unreachableReasons: unreachable, roundTrips: connections.roundTrips() });
  };
  try {
    for (const pb of inputs.playbooks) {
      events.emitEvent({ type: 'playbook_start', path: pb.path, check: options.check, diff: options.diff });
      for (const [i, play] of pb.plays.entries()) {
        if (options.signal?.aborted) break;
        gatherAhead(state, play, pb.plays.slice(i + 1));
        await runPlay(state, play, varsFiles.get(play) ?? {});
      }
    }
  } finally {
    await connections.closeAll();
  }
  recap();
  const roundTrips = connections.roundTrips();
  const all = Object.values(stats);
  const exitCode = options.signal?.aborted
    ? ExitCode.interrupted
    : all.some((s) => s.unreachable > 0)
      ? ExitCode.unreachableOrParse
      : all.some((s) => s.failed > 0) || [...state.hosts.values()].some((h) => h.failedWithoutResult)
        ? ExitCode.hostFailed
        : ExitCode.ok;
  return { stats, exitCode, unreachable, roundTrips };
}

async function runPlay(state: RunState, play: Play, varsFilesVars: Vars): Promise<void> {
  const { options, events } = state;
  state.playName = play.name;
  state.playbookDir = play.dir;
  state.handlers = play.handlers;
  state.playEnded = false;
  const { pattern, hosts: names } = selectPlayHosts(state.inventory, play, state.templar, options.extraVars, options.limit);
  const hosts = names.map((n) => hostRuntime(state, n)).filter((h) => !h.failed && !h.unreachable);
  if (hosts.length === 0) {
    events.emitEvent({ type: 'play_no_hosts', play: play.name, pattern });
    return;
  }
  for (const h of hosts) h.ended = false;
  // vars_files win over prompted values, as Ansible's precedence has it
  const prompted = await promptVars(play, options.extraVars);
  state.vars.setPlay(play, { ...prompted, ...varsFilesVars }, hosts.map((h) => h.name));
  state.vars.setOutOfPlay((name) => {
    const h = state.hosts.get(name);
    return h !== undefined && (h.failed || h.unreachable);
  });
  events.emitEvent({ type: 'play_start', play: play.name, hosts: hosts.map((h) => h.name), check: options.check });
  const pr: PlayRun = { play, selectedRoles: selectedRoles(play, options.roles), startAt: { name: options.startAtTask } };
  for (const batch of batches(hosts, play.serial)) {
    pr.batch = batch;
    state.vars.setPlayHosts(batch.map((h) => h.name));
    loadCachedFacts(state, batch);
    const gatherByDefault = options.gathering !== 'explicit';
    const toGather = hostsToGather(state, batch);
    if (toGather.length && keywordBool('gather_facts', state.templar.renderValue(play.gatherFacts, state.vars.forHost(batch[0]?.name ?? '', play.scope), { source: play.pos }), gatherByDefault, play.pos)) {
      await runTaskOnHosts(state, { ...pr, selectedRoles: new Set(), startAt: { name: undefined } }, gatherTask(play), toGather, false);
      storeGatheredFacts(state, toGather);
    }
    for (const section of [play.preTasks, play.tasks, play.postTasks]) {
      await runItems(state, pr, section, batch, false);
      await flushHandlers(state, pr, batch);
      if (state.playEnded || options.signal?.aborted) break;
    }
  }
}

function batches(hosts: HostRuntime[], serial: unknown): HostRuntime[][] {
  if (serial === undefined || serial === null) return [hosts];
  const spec = String(serial);
  const size = spec.endsWith('%') ? Math.max(1, Math.floor((hosts.length * Number(spec.slice(0, -1))) / 100)) : Number(spec);
  if (!Number.isFinite(size) || size <= 0) return [hosts];
  const out: HostRuntime[][] = [];
  for (let i = 0; i < hosts.length; i += size) out.push(hosts.slice(i, i + size));
  return out;
}

function selectedRoles(play: Play, roles: string[]): Set<string> {
  if (roles.length === 0) return new Set();
  const out = new Set<string>();
  for (const r of play.roles) {
    if (!roles.includes(r.name)) continue;
    out.add(r.name);
    for (const d of r.dependencies) out.add(d.name);
  }
  // an unknown --role name must not silently mean "run nothing": keep the name so nothing matches,
  // the CLI validates names against the playbook's roles before the run
  for (const r of roles) out.add(r);
  return out;
}

