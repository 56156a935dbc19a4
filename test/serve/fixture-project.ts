import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small project on this machine only: two hosts (ansible_connection=local) whose "root" is a
 * folder of the temp dir, and two roles that each write a file there. "Breaking" a host is
 * editing one of those files; a drift scan then shows the edit as a diff.
 */
export interface FixtureProject {
  dir: string;
  /** The file role `role` writes for `host`. */
  file(host: string, role: string): string;
}

export const FIXTURE_HOSTS = ['web1', 'web2'] as const;
export const FIXTURE_ROLES = ['motd', 'app'] as const;

export function makeFixtureProject(prefix = 'play-serve-'): FixtureProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const hostRoot = (h: string): string => path.join(dir, 'hosts', h);
  const lines = FIXTURE_HOSTS.map((h) => `${h} ansible_connection=local host_root=${hostRoot(h)}`);
  writeFileSync(path.join(dir, 'inventory.ini'), `[web]\n${lines.join('\n')}\n`);
  writeFileSync(path.join(dir, 'play.config.yml'), 'inventory: inventory.ini\nroles_path: [roles]\n');
  writeFileSync(path.join(dir, 'site.yml'), '- hosts: web\n  gather_facts: false\n  roles: [motd, app]\n');
  for (const role of FIXTURE_ROLES) {
    mkdirSync(path.join(dir, 'roles', role, 'tasks'), { recursive: true });
    mkdirSync(path.join(dir, 'roles', role, 'tests'), { recursive: true });
    const file = `{{ host_root }}/${role}.conf`;
    writeFileSync(
      path.join(dir, 'roles', role, 'tasks', 'main.yml'),
      `- name: ${role} directory\n  file: { path: "{{ host_root }}", state: directory }\n` +
        `- name: ${role} configuration\n  copy:\n    dest: "${file}"\n    content: "# ${role} for {{ inventory_hostname }}\\nlisten = 8080\\nworkers = 4\\n"\n`,
    );
    writeFileSync(
      path.join(dir, 'roles', role, 'tests', 'verify.yml'),
      `- hosts: web\n  gather_facts: false\n  tasks:\n    - name: ${role} listens on 8080\n      command: grep -q "listen = 8080" ${file}\n      changed_when: false\n`,
    );
  }
  for (const h of FIXTURE_HOSTS) mkdirSync(hostRoot(h), { recursive: true });
  return { dir, file: (h, role) => path.join(hostRoot(h), `${role}.conf`) };
}
