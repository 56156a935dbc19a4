import type { Inventory } from '../inventory/types.js';
import type { Play, TaskItem } from '../playbook/model.js';
import type { Templar } from '../template/index.js';
import type { Vars } from '../template/types.js';

/** A play's hosts: its `hosts:` pattern (rendered with its vars and the extra vars), narrowed by --limit. */
export function selectPlayHosts(inventory: Inventory, play: Play, templar: Templar, extraVars: Vars, limit: string | undefined): { pattern: string; hosts: string[] } {
  const rendered = templar.renderValue(play.hosts, { ...(play.kw.vars ?? {}), ...extraVars }, { source: play.pos });
  const pattern = Array.isArray(rendered) ? rendered.map(String).join(',') : String(rendered);
  let hosts = inventory.select(pattern);
  if (limit) {
    const allowed = new Set(inventory.select(limit));
    hosts = hosts.filter((h) => allowed.has(h));
  }
  return { pattern, hosts };
}

/** The play's implicit "Gathering Facts" task (setup with the play's gather_* keywords). */
export function gatherTask(play: Play): TaskItem {
  return { kind: 'task', id: 0, name: 'Gathering Facts', action: 'setup', args: { ...play.gatherArgs }, kw: { tags: ['always'] }, scope: play.scope, pos: play.pos };
}
