/** Argument schemas shared by the file-writing modules (Ansible's add_file_common_args). */
import { z } from 'zod';
import { abool, amode, astr } from '../schema.js';

export const fileAttributeArgs = {
  mode: amode().optional(),
  owner: astr().optional(),
  group: astr().optional(),
  /** Accepted for compatibility: SELinux contexts are left as they are. */
  seuser: astr().optional(),
  serole: astr().optional(),
  setype: astr().optional(),
  selevel: astr().optional(),
  unsafe_writes: abool().optional(),
  attributes: astr().optional(),
};

/** The file the edit modules work on: required, and never empty. */
export const pathArgs = {
  path: astr().pipe(z.string().min(1, 'path must not be empty')),
};

/** Ansible's names for `path` in lineinfile, blockinfile, replace and ini_file (older playbooks use dest). */
export const pathAliases = { path: ['dest', 'destfile', 'name'] } as const;
