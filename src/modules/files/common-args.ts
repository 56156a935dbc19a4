/** Argument schemas shared by the file-writing modules (Ansible's add_file_common_args). */
import { ModuleError } from '../../errors.js';
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

export const pathArgs = {
  path: astr().optional(),
  dest: astr().optional(),
  destfile: astr().optional(),
  name: astr().optional(),
};

type PathAliases = { path?: string | undefined; dest?: string | undefined; destfile?: string | undefined; name?: string | undefined };

/** `path` with Ansible's aliases dest, destfile and name; required. */
export function requirePath(args: PathAliases): string {
  const path = args.path ?? args.dest ?? args.destfile ?? args.name;
  if (path === undefined || path === '') throw new ModuleError('missing required arguments: path');
  return path;
}
