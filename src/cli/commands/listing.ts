import { effectiveKeywords, roleOf, tagsSelected } from '../../executor/effective.js';
import { selectPlayHosts } from '../../executor/run-playbook.js';
import { taskDisplayName } from '../../executor/run-task.js';
import type { Inventory } from '../../inventory/types.js';
import type { Item, Play } from '../../playbook/model.js';
import type { Templar } from '../../template/index.js';

export function listHosts(inventory: Inventory, play: Play, templar: Templar, extraVars: Record<string, unknown>, limit: string | undefined): string {
  const { pattern, hosts } = selectPlayHosts(inventory, play, templar, extraVars, limit);
  return `\n  play #1 (${pattern}): ${play.name}\tTAGS: [${(play.kw.tags ?? []).join(', ')}]\n    pattern: ['${pattern}']\n    hosts (${hosts.length}):\n${hosts.map((h) => `      ${h}\n`).join('')}`;
}

export function describeTasks(play: Play, sel: { tags: string[]; skipTags: string[]; roles: string[] }): string {
  let out = `\n  play: ${play.name}\n    tasks:\n`;
  const walk = (items: readonly Item[]): void => {
    for (const item of items) {
      if (item.kind === 'block') {
        walk([...item.block, ...item.rescue, ...item.always]);
        continue;
      }
      if (item.kind !== 'task') {
        out += `      ${item.kind}: ${String(item.target)}\n`;
        continue;
      }
      const kw = effectiveKeywords(item);
      const role = roleOf(item.scope);
      if (sel.roles.length && (!role || !sel.roles.includes(role.name))) continue;
      if (!tagsSelected(kw.tags ?? [], sel.tags, sel.skipTags)) continue;
      // as ansible-playbook --list-tasks shows them: each tag once, sorted
      const tags = [...new Set(kw.tags ?? [])].sort();
      out += `      ${taskDisplayName(item)}\tTAGS: [${tags.join(', ')}]\n`;
    }
  };
  walk([...play.preTasks, ...play.tasks, ...play.postTasks]);
  return out;
}

/** --list-tags: each play's tags and the tags of its tasks that would run, as ansible-playbook. */
export function listTags(play: Play, index: number, sel: { tags: string[]; skipTags: string[]; roles: string[] }): string {
  const tags = new Set<string>();
  const walk = (items: readonly Item[]): void => {
    for (const item of items) {
      if (item.kind === 'block') walk([...item.block, ...item.rescue, ...item.always]);
      if (item.kind !== 'task') continue;
      const kw = effectiveKeywords(item);
      const role = roleOf(item.scope);
      if (sel.roles.length && (!role || !sel.roles.includes(role.name))) continue;
      if (!tagsSelected(kw.tags ?? [], sel.tags, sel.skipTags)) continue;
      for (const t of kw.tags ?? []) tags.add(t);
    }
  };
  walk([...play.preTasks, ...play.tasks, ...play.postTasks]);
  return `\n  play #${index} (${Array.isArray(play.hosts) ? play.hosts.join(',') : String(play.hosts)}): ${play.name}\tTAGS: [${(play.kw.tags ?? []).join(', ')}]\n      TASK TAGS: [${[...tags].sort().join(', ')}]\n`;
}
