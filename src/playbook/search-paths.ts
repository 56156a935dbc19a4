import path from 'node:path';
import type { RoleInstance } from './model.js';

/** Ansible's search order for a task's files/ and templates/: the role's first, then the playbook's. */
export function localSearchPaths(kind: string, role: RoleInstance | undefined, playbookDir: string): string[] {
  const dirs: string[] = [];
  if (role) dirs.push(path.join(role.path, kind), role.path, path.join(role.path, 'tasks'));
  dirs.push(path.join(playbookDir, kind), playbookDir);
  return dirs;
}
