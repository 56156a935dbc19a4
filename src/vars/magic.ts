import type { Play, RoleInstance } from '../playbook/model.js';
import type { PlayRoleNames } from '../playbook/roles.js';
import { PerView } from '../template/index.js';
import type { Vars } from '../template/types.js';

/** The Ansible version play behaves as (ansible_version), for playbooks that test it. */
const ANSIBLE_VERSION = { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0' };

/** Marker value of `omit`: an argument set to it is dropped (Ansible's `default(omit)`). */
export const OMIT = '__omit_place_holder__play';

/** What the command line says about the run, as magic variables show it. */
export interface RunFlags {
  check: boolean;
  diff: boolean;
  /** --tags, --skip-tags and --limit, for ansible_run_tags, ansible_skip_tags and ansible_limit. */
  tags?: string[];
  skipTags?: string[];
  limit?: string | undefined;
}

/** The play's hosts as the magic variables list them (the first two without the hosts that left the play). */
export interface PlayHostLists {
  playHosts: string[];
  batch: string[];
  all: string[];
}

export interface MagicInputs {
  host: string;
  /** The innermost role of the task, if any. */
  role: RoleInstance | undefined;
  play: Play | undefined;
  flags: RunFlags;
  groupNames: string[];
  groups: Record<string, string[]>;
  /** hostvars, or what makes it. */
  hostvars: unknown;
  lists: PlayHostLists;
  /** Roles an include_role with `public: true` added to the play (Ansible appends them to play.roles). */
  publicRoleNames: PlayRoleNames;
}

/** The lists of the play's hosts, without those out of the play. */
export function playHostLists(all: string[], batch: string[], outOfPlay: (host: string) => boolean): PlayHostLists {
  return {
    playHosts: all.filter((h) => !outOfPlay(h)),
    batch: batch.filter((h) => !outOfPlay(h)),
    all,
  };
}

/**
 * A list of its own for each set of variables that reads it, as when the magic variables were
 * built for every task: a template may change a list it reads (`append`), as Python code can.
 */
const ownCopy = (list: readonly string[]): PerView => new PerView(() => [...list]);

/** Magic variables (level 11): inventory_hostname, groups, hostvars, the play's hosts, role_path… */
export function magicVars(i: MagicInputs): Vars {
  const { play, role, flags } = i;
  const playRoles = [...(play?.roleNames.play ?? []), ...i.publicRoleNames.play];
  const dependentRoles = [...new Set([...(play?.roleNames.dependent ?? []), ...i.publicRoleNames.dependent])];
  const m: Vars = {
    inventory_hostname: i.host,
    inventory_hostname_short: i.host.split('.')[0],
    group_names: i.groupNames,
    groups: i.groups,
    hostvars: i.hostvars,
    ansible_check_mode: flags.check,
    ansible_diff_mode: flags.diff,
    ansible_play_hosts: ownCopy(i.lists.playHosts),
    ansible_play_batch: ownCopy(i.lists.batch),
    ansible_play_hosts_all: i.lists.all,
    play_hosts: ownCopy(i.lists.batch),
    playbook_dir: play?.dir,
    ansible_play_name: play?.name,
    ansible_run_tags: flags.tags?.length ? flags.tags : ownCopy(['all']),
    ansible_skip_tags: flags.skipTags ?? ownCopy([]),
    ansible_version: ANSIBLE_VERSION,
    // Ansible's role_names: the roles the play names (repeats included); ansible_role_names adds their dependencies
    role_names: ownCopy(playRoles),
    ansible_play_role_names: ownCopy(playRoles),
    ansible_dependent_role_names: ownCopy(dependentRoles),
    ansible_role_names: ownCopy([...new Set([...playRoles, ...dependentRoles])]),
    omit: OMIT,
  };
  // where lookups (file, template, first_found…) search: the role's directory, then the playbook's
  m.ansible_search_path = ownCopy([...(role ? [role.path] : []), ...(play?.dir ? [play.dir] : [])]);
  if (flags.limit !== undefined) m.ansible_limit = flags.limit;
  if (role) {
    m.role_path = role.path;
    m.role_name = role.name;
    m.ansible_role_name = role.name;
  }
  return m;
}
