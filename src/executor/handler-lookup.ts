import type { IncludeItem, Item, TaskItem } from '../playbook/model.js';
import { roleOf } from './effective.js';

/** A handler: a task or an include_tasks of a handler list (blocks only group them). */
export type Handler = TaskItem | IncludeItem;

/** Handlers in list order. */
export function flattenHandlers(items: readonly Item[]): Handler[] {
  return items.flatMap((i) => (i.kind === 'block' ? flattenHandlers([...i.block, ...i.rescue, ...i.always]) : [i]));
}

/** The names a notify can use for a handler: its name, and "role : name" for a role's. */
export function handlerNames(handler: Handler): string[] {
  if (!handler.name) return [];
  const role = roleOf(handler.scope);
  return role ? [handler.name, `${role.name} : ${handler.name}`] : [handler.name];
}

export function listenTopics(handler: Handler): string[] {
  return handler.kind === 'task' ? (handler.listen ?? []) : [];
}

/**
 * The handler a notify of `name` means: of those loaded so far with that name, the last one
 * (Ansible's search_handler_blocks_by_name walks the handler list backwards), or undefined.
 */
export function handlerNamed(handlers: readonly Item[], name: string): Handler | undefined {
  return flattenHandlers(handlers).findLast((h) => handlerNames(h).includes(name));
}
