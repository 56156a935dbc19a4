import type { Play } from '../playbook/model.js';
import { Templar } from '../template/index.js';
import { readFactsAhead } from './prefetch.js';
import { hostRuntime, type RunState } from './state.js';
import { gatherTask, selectPlayHosts } from './play-hosts.js';

/**
 * Facts of the later plays' hosts, read while the current play runs. In check mode nothing is
 * applied, so what a host answers now is what it would answer when its own play starts: the
 * guests' facts need not wait for the hypervisor's play. Only over connections already open
 * (`play serve` keeps them), only where the gathering is known without the later play's
 * variables, and a change applied to the host meanwhile discards the answer (HostWorld).
 */
export function gatherAhead(state: RunState, current: Play, later: readonly Play[]): void {
  const { options } = state;
  if (!options.check || options.offline || options.render !== undefined) return;
  // the current play gathers its own hosts' facts first thing
  const gatheredNow = new Set(selectPlayHosts(state.inventory, current, state.templar, options.extraVars, options.limit).hosts);
  for (const play of later) {
    const gathers = play.gatherFacts === true || (play.gatherFacts === undefined && options.gathering !== 'explicit');
    if (!gathers || holdsTemplate(play.gatherArgs) || setsConnectionVars(play)) continue;
    const { hosts } = selectPlayHosts(state.inventory, play, state.templar, options.extraVars, options.limit);
    const task = gatherTask(play);
    for (const name of hosts) {
      if (gatheredNow.has(name) || state.vars.hasFacts(name)) continue;
      const host = hostRuntime(state, name);
      if (!host.failed && !host.unreachable) void readFactsAhead(state, task, host).catch(() => undefined);
    }
  }
}

function holdsTemplate(value: unknown): boolean {
  const text = JSON.stringify(value) ?? '';
  return Templar.isTemplate(text);
}

/** A play whose own variables may say how to reach or log in to a host (its vars are not in effect yet). */
function setsConnectionVars(play: Play): boolean {
  return play.varsFiles.length > 0 || Object.keys(play.kw.vars ?? {}).some((k) => k.startsWith('ansible_'));
}
