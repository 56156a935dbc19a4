import { ExitCode, PlayError } from '../../errors.js';
import { taskDisplayName } from '../../executor/run-task.js';
import type { Item } from '../../playbook/model.js';
import type { Playbook } from '../../playbook/model.js';
import { suggest } from '../../util/suggest.js';

const SHOWN_NAMES = 8;

interface StaticTasks {
  names: Set<string>;
  /** A dynamic include or a templated name: its tasks' names are only known when it runs. */
  hasRuntimeNames: boolean;
}

/**
 * `--start-at-task` with a name no task has would run nothing and say nothing. Ansible 2.14
 * reports `No matching task "NAME" found` as an error but still exits 0 (checked with
 * ansible-playbook --start-at-task nope); we report it the same way, before anything runs, with
 * the closest task names as a hint, and keep Ansible's exit code so scripts see what they saw
 * with it. Ansible only matches statically known tasks; play can also start inside an include,
 * so a playbook with dynamic includes or templated names is left to the run.
 */
export function assertStartAtTaskExists(playbooks: readonly Playbook[], name: string | undefined): void {
  if (name === undefined) return;
  const tasks: StaticTasks = { names: new Set(), hasRuntimeNames: false };
  for (const play of playbooks.flatMap((pb) => pb.plays)) collect([...play.preTasks, ...play.tasks, ...play.postTasks], tasks);
  if (tasks.names.has(name) || tasks.hasRuntimeNames) return;
  throw new PlayError('START_AT_TASK_NOT_FOUND', `--start-at-task: No matching task "${name}" found; nothing was run.`, {
    exitCode: ExitCode.ok,
    hint: startAtTaskHint(name, [...tasks.names]),
  });
}

function collect(items: readonly Item[], into: StaticTasks): void {
  for (const item of items) {
    if (item.kind === 'block') collect([...item.block, ...item.rescue, ...item.always], into);
    else if (item.kind !== 'task') into.hasRuntimeNames = true;
    else {
      const shown = taskDisplayName(item);
      if (item.name?.includes('{{')) into.hasRuntimeNames = true;
      if (item.name !== undefined) into.names.add(item.name);
      into.names.add(shown);
    }
  }
}

function startAtTaskHint(name: string, names: string[]): string {
  const guess = suggest(name, names);
  if (guess !== undefined) return `did you mean '${guess}'?`;
  if (names.length === 0) return 'the playbook has no tasks';
  const shown = names.length > SHOWN_NAMES ? `${names.slice(0, SHOWN_NAMES).join("', '")}', …` : `${names.join("', '")}'`;
  return `tasks are matched by their exact name (play run --list-tasks shows them): '${shown}`;
}
