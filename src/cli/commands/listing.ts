import { effectiveKeywords, roleOf, tagsSelected } from '../../executor/effective.js';
import { selectPlayHosts } from '../../executor/run-playbook.js';
import { taskDisplayName } from '../../executor/run-task.js';
import type { Inventory } from '../../inventory/types.js';
import type { Item, Play } from '../../playbook/model.js';
import type { Templar } from '../../template/index.js';

/** What --list-hosts/--list-tasks/--list-tags ask for, and the selection they list under. */
export interface ListingRequest {
  hosts: boolean;
  tasks: boolean;
  tags: boolean;
  sel: { tags: string[]; skipTags: string[]; roles: string[] };
}

const sorted = (tags: Iterable<string>): string[] => [...new Set(tags)].sort();

/**
 * One play as ansible-playbook lists it (cli/playbook.py): the header, then the hosts, then the
 * tasks that the tags select, each with its own tags and the play's sorted, then the tags of them
 * all. Ansible joins the play's own tags with ',' (from a set: order it does not define; sorted here).
 */
export function listPlay(play: Play, index: number, req: ListingRequest, hostsOf: () => { hosts: string[] }): string {
  const playHosts = Array.isArray(play.hosts) ? play.hosts.map(String) : [String(play.hosts)];
  const playTags = play.kw.tags ?? [];
  let msg = `\n  play #${index} (${playHosts.join(',')}): ${play.name}\tTAGS: [${sorted(playTags).join(',')}]`;
  if (req.hosts) {
    const { hosts } = hostsOf();
    msg += `\n    pattern: [${playHosts.map((h) => `'${h}'`).join(', ')}]\n    hosts (${hosts.length}):${hosts.map((h) => `\n      ${h}`).join('')}`;
  }
  msg += '\n';
  if (!req.tasks && !req.tags) return msg;
  const allTags = new Set<string>(playTags);
  let tasks = req.tasks ? '    tasks:\n' : '';
  const walk = (items: readonly Item[]): void => {
    for (const item of items) {
      if (item.kind === 'block') {
        walk([...item.block, ...item.rescue, ...item.always]);
        continue;
      }
      const kw = effectiveKeywords(item);
      const role = roleOf(item.scope);
      if (req.sel.roles.length && (!role || !req.sel.roles.includes(role.name))) continue;
      if (!tagsSelected(kw.tags ?? [], req.sel.tags, req.sel.skipTags)) continue;
      for (const t of kw.tags ?? []) allTags.add(t);
      // a task without a name is listed by its action, without its role
      const name = item.kind === 'task' ? (item.name === undefined ? item.action : taskDisplayName(item)) : (item.name ?? item.kind);
      if (req.tasks) tasks += `      ${name}\tTAGS: [${sorted(kw.tags ?? []).join(', ')}]\n`;
    }
  };
  walk([...play.preTasks, ...play.tasks, ...play.postTasks]);
  if (req.tags) tasks += `      TASK TAGS: [${sorted(allTags).join(', ')}]\n`;
  return msg + tasks;
}

/** The play's hosts for --list-hosts. */
export function playHosts(inventory: Inventory, play: Play, templar: Templar, extraVars: Record<string, unknown>, limit: string | undefined): { hosts: string[] } {
  return selectPlayHosts(inventory, play, templar, extraVars, limit);
}
