/** Argument schemas shared by the file-writing modules (Ansible's add_file_common_args). */
import { z } from 'zod';
import { refusedArg, onlyBoolean } from '../refused.js';
import { amode, astr } from '../schema.js';

const SELINUX = 'SELinux contexts are not managed by play (seuser, serole, setype, selevel): set them with a command task (chcon)';

export const fileAttributeArgs = {
  mode: amode().optional(),
  owner: astr().optional(),
  group: astr().optional(),
  seuser: refusedArg(SELINUX),
  serole: refusedArg(SELINUX),
  setype: refusedArg(SELINUX),
  selevel: refusedArg(SELINUX),
  /** Writes are always atomic (temp file + rename): the unsafe fallback is never taken. */
  unsafe_writes: onlyBoolean(false, 'unsafe_writes: play always writes atomically (a temp file renamed into place) and has no unsafe fallback'),
  /** chattr flags (chattr.ts): "+i", "-a", "=Ae" or "Ae". */
  attributes: astr().optional(),
};

/** `attr` is Ansible's other name for `attributes`. */
export const fileAttributeAliases = { attributes: ['attr'] } as const;

/** The file the edit modules work on: required, and never empty. */
export const pathArgs = {
  path: astr().pipe(z.string().min(1, 'path must not be empty')),
};

/** Ansible's names for `path` in lineinfile, blockinfile, replace and ini_file (older playbooks use dest). */
export const pathAliases = { path: ['dest', 'destfile', 'name'] } as const;
