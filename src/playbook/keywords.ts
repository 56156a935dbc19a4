/** Keyword sets per level, as in ansible-core's FieldAttributes (lib/ansible/playbook/*.py). */

export const INHERITABLE = [
  'when',
  'tags',
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'vars',
  'environment',
  'check_mode',
  'diff',
  'no_log',
  'ignore_errors',
  'ignore_unreachable',
  'any_errors_fatal',
  'delegate_to',
  'delegate_facts',
  'run_once',
  'timeout',
  'module_defaults',
  // the connection: below the host's ansible_connection/ansible_user/ansible_port, as in Ansible
  'connection',
  'remote_user',
  'port',
  // at most this many hosts run the task at once
  'throttle',
] as const;

/** Accepted for compatibility; no effect here (documented in docs/compatibility.md). */
export const ACCEPTED_NOOP = ['collections', 'debugger', 'become_exe'] as const;

/**
 * Ansible keywords play recognises and refuses by name (with the reason), rather than ignoring
 * them: a playbook that relies on them would do something else here.
 */
export const REFUSED_KEYWORDS: Readonly<Record<string, string>> = {};

export const TASK_KEYWORDS = new Set<string>([
  ...INHERITABLE,
  ...ACCEPTED_NOOP,
  'name',
  'action',
  'local_action',
  'args',
  'loop',
  'loop_control',
  'register',
  'notify',
  'listen',
  'changed_when',
  'failed_when',
  'until',
  'retries',
  'delay',
  // task-level only, as in Ansible (a block's async is an unknown keyword)
  'async',
  'poll',
  ...Object.keys(REFUSED_KEYWORDS),
]);

export const BLOCK_KEYWORDS = new Set<string>([...INHERITABLE, ...ACCEPTED_NOOP, ...Object.keys(REFUSED_KEYWORDS), 'name', 'block', 'rescue', 'always', 'notify']);

export const PLAY_KEYWORDS = new Set<string>([
  ...INHERITABLE,
  ...ACCEPTED_NOOP,
  'name',
  'hosts',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'fact_path',
  'vars_files',
  'vars_prompt',
  'roles',
  'handlers',
  'pre_tasks',
  'post_tasks',
  'tasks',
  'force_handlers',
  'max_fail_percentage',
  'serial',
  'strategy',
  'order',
  'import_playbook',
]);

/** Keys of a `roles:` entry that are keywords; every other key is a role parameter. */
export const ROLE_ENTRY_KEYWORDS = new Set<string>([...INHERITABLE, ...ACCEPTED_NOOP, 'role', 'name']);

export const INCLUDE_ACTIONS = new Set(['include_tasks', 'import_tasks', 'include_role', 'import_role', 'include']);

/** Strips the collection prefix users write for builtins. */
export function canonicalAction(name: string): string {
  return name.replace(/^ansible\.(builtin|legacy)\./, '');
}
