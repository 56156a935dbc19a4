import type { ParseError, SourcePos } from '../errors.js';

/**
 * The loaded playbook: plain data with positions. Keyword values stay raw (untemplated): the
 * executor templates them per host at run time, as Ansible does.
 */

/** Keywords a play, role, block or task passes down to what it contains. */
export interface Inheritable {
  when?: unknown[];
  tags?: string[];
  become?: unknown;
  become_user?: unknown;
  become_method?: unknown;
  become_flags?: unknown;
  vars?: Record<string, unknown>;
  environment?: unknown;
  check_mode?: unknown;
  diff?: unknown;
  no_log?: unknown;
  ignore_errors?: unknown;
  ignore_unreachable?: unknown;
  any_errors_fatal?: unknown;
  delegate_to?: unknown;
  /** Facts a delegated task returns go to the delegate (true), or to the task's host (the default). */
  delegate_facts?: unknown;
  run_once?: unknown;
  timeout?: unknown;
  module_defaults?: Record<string, Record<string, unknown>>;
  /** The SSH user: above -u and ansible.cfg's remote_user, below an ansible_user variable. */
  remote_user?: unknown;
  /** The connection type: above -c, below an ansible_connection variable. */
  connection?: unknown;
  port?: unknown;
  throttle?: unknown;
}

/** include_role/import_role's vars_from, defaults_from and handlers_from. */
export interface RoleFromFiles {
  vars?: string;
  defaults?: string;
  handlers?: string;
}

/** A role as used once in a play (name + params), with its loaded content. */
export interface RoleInstance {
  name: string;
  path: string;
  params: Record<string, unknown>;
  defaults: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** Roles this one depends on (meta/main.yml), already in run order before it. */
  dependencies: RoleInstance[];
  handlers: Item[];
  pos: SourcePos;
}

/** The chain of enclosing blocks/roles/includes: what a task inherits. */
export interface Scope {
  kw: Inheritable;
  parent: Scope | undefined;
  role: RoleInstance | undefined;
  /** Variables of an include (include params): above set_fact in precedence. */
  includeParams?: Record<string, unknown> | undefined;
  /** A block's `notify:`, inherited by its tasks that have none of their own. */
  notify?: string[] | undefined;
}

export interface LoopControl {
  loop_var?: string;
  index_var?: string;
  label?: unknown;
  pause?: number;
  extended?: boolean;
  extended_allitems?: boolean;
}

export interface TaskItem {
  kind: 'task';
  id: number;
  name: string | undefined;
  /** Canonical module name (without ansible.builtin. / ansible.legacy.). */
  action: string;
  args: Record<string, unknown>;
  kw: Inheritable;
  loop?: unknown;
  loopControl?: LoopControl;
  register?: string;
  notify?: string[];
  listen?: string[];
  changedWhen?: unknown[];
  failedWhen?: unknown[];
  until?: unknown[];
  retries?: unknown;
  delay?: unknown;
  /** Run in the background for at most this many seconds (a template until the task runs). */
  async?: unknown;
  /** Seconds between status checks of an async task; 0: start it and go on (Ansible's default 15). */
  poll?: unknown;
  scope: Scope;
  pos: SourcePos;
  handler?: boolean;
  /**
   * An error found at load time (a missing src, an unsupported argument) in a task that expects
   * failure (ignore_errors, failed_when, a block's rescue): the task fails with it when it runs.
   */
  deferredError?: ParseError;
}

export interface BlockItem {
  kind: 'block';
  id: number;
  name: string | undefined;
  block: Item[];
  rescue: Item[];
  always: Item[];
  kw: Inheritable;
  scope: Scope;
  pos: SourcePos;
}

/** include_tasks / include_role: resolved per host at run time. */
export interface IncludeItem {
  kind: 'include_tasks' | 'include_role';
  id: number;
  name: string | undefined;
  /** include_tasks: the file (raw, may be templated); include_role: the role name. */
  target: unknown;
  args: Record<string, unknown>;
  kw: Inheritable;
  loop?: unknown;
  loopControl?: LoopControl;
  scope: Scope;
  pos: SourcePos;
  /** Directory the include is relative to. */
  baseDir: string;
  /** An include_tasks in a handler list: notified by name, its tasks run as handlers. */
  handler?: boolean;
  /** `apply:` keywords, inherited by the included tasks. */
  applyKw?: Inheritable;
}

export type Item = TaskItem | BlockItem | IncludeItem;

export interface Play {
  name: string;
  hosts: unknown;
  pos: SourcePos;
  kw: Inheritable;
  varsFiles: unknown[];
  gatherFacts: unknown;
  /** The play's gather_subset, gather_timeout and fact_path: the gathering task's arguments. */
  gatherArgs: Record<string, unknown>;
  serial: unknown;
  preTasks: Item[];
  /** Roles' tasks (dependencies first) followed by the play's tasks. */
  tasks: Item[];
  postTasks: Item[];
  handlers: Item[];
  roles: RoleInstance[];
  /** The roles as role_names and ansible_*_role_names show them. */
  roleNames: { play: string[]; dependent: string[] };
  /** Where roles are found by name (roles/, the playbook's directory, roles_path): also for include_role. */
  roleSearchPaths: string[];
  /** Role cache keys already used in this play: include_role's dependencies are deduplicated against them. */
  roleKeys: Set<string>;
  /** The play's force_handlers (raw, templated when handlers run); unset = --force-handlers decides. */
  forceHandlers: unknown;
  maxFailPercentage: unknown;
  /** vars_prompt entries (name, prompt, default, private), asked before the play runs. */
  varsPrompt: unknown[];
  scope: Scope;
  dir: string;
}

export interface Playbook {
  path: string;
  dir: string;
  plays: Play[];
}
