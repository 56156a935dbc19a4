import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryCommand } from '../../src/cli/commands/inventory.js';
import { runCommand } from '../../src/cli/commands/run.js';
import type { Io } from '../../src/cli/reporters.js';
import { Project } from '../support/project.js';

/**
 * The lab's secrets live in vault files (inventory/group_vars/<group>/vault.yml), decrypted with
 * the demo-only password play.config.yml names, so `play run site.yml` needs no flag. Their values
 * are masked in output and diffs without no_log. The run connects to nothing: the lab hosts are
 * reached with the local connection and write into a temporary directory.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRETS = ['lab-ext-secret-change-me', 'lab-mesh-secret-change-me'];

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** Runs a CLI command from the repository's root (where play.config.yml is). */
async function inRoot(fn: (io: Io) => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (s) => void (stdout += s) }, stderr: { write: (s) => void (stderr += s) }, isTTY: false };
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return { code: await fn(io), stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

const PLAYBOOK = `
- hosts: pbx_guests:phones
  gather_facts: false
  tasks:
    - name: write the secrets
      copy:
        dest: "{{dir}}/{{ inventory_hostname }}.conf"
        content: "ext={{ pbx_extension_secret | default('') }} mesh={{ trunk_mesh_secret | default('') }} line={{ spa_line_password | default('') }}\\n"
    - name: show one
      debug: { msg: "the mesh secret is {{ trunk_mesh_secret | default('-') }}" }
`;

/** The trunk-mesh role's template, with the defaults it reads, in check mode: a diff, nothing written. */
const MESH_PLAYBOOK = `
- hosts: pbx_guests
  gather_facts: false
  vars: { role_name: trunk-mesh, mesh_members: "{{ groups['pbx_guests'] }}", mesh_incoming_context: from-trunk }
  tasks:
    - name: the IAX2 mesh
      template:
        src: '{{root}}/roles/trunk-mesh/templates/iax_custom.conf.j2'
        dest: "{{dir}}/{{ inventory_hostname }}-iax_custom.conf"
`;

describe('the lab secrets are in a vault', () => {
  it('the vault files are encrypted and no secret is in plain text under inventory/', async () => {
    for (const group of ['pbx_guests', 'phones']) {
      expect(await readFile(path.join(ROOT, 'inventory/group_vars', group, 'vault.yml'), 'utf8')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    }
    const files = (await readdir(path.join(ROOT, 'inventory'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    for (const f of files) {
      const text = await readFile(path.join(f.parentPath, f.name), 'utf8');
      for (const s of SECRETS) expect(text, f.name).not.toContain(s);
    }
  });

  for (const json of [true, false]) {
    it(`play run decrypts them with no flag and masks them in ${json ? '--json' : 'the console'} and diffs`, async () => {
      project = await Project.create({ 'site.yml': PLAYBOOK });
      const out = await inRoot((io) =>
        runCommand([project?.path('site.yml') ?? ''], { json, diff: true, extraVars: ['{"ansible_connection": "local"}'] }, io),
      );
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      for (const host of ['virtual1', 'virtual2', 'virtual3']) {
        expect(await readFile(project.path(`${host}.conf`), 'utf8')).toBe(`ext=${SECRETS[0]} mesh=${SECRETS[1]} line=\n`);
      }
      expect(await readFile(project.path('spa303.conf'), 'utf8')).toBe('ext= mesh= line=7004\n');
      for (const s of SECRETS) expect(out.stdout).not.toContain(s);
      expect(out.stdout).toContain('ext=******** mesh=********');
      expect(out.stdout).toContain('the mesh secret is ********');
    });
  }

  it('the IAX2 mesh secrets, sha1 of the vaulted mesh secret, are masked in the trunk-mesh diffs', async () => {
    project = await Project.create({ 'site.yml': MESH_PLAYBOOK.replaceAll('{{root}}', ROOT) });
    const user = userInfo().username;
    const extraVars = [JSON.stringify({ ansible_connection: 'local', asterisk_config_owner: user, asterisk_config_group: user })];
    const out = await inRoot((io) => runCommand([project?.path('site.yml') ?? ''], { json: false, check: true, diff: true, extraVars }, io));
    expect(out.stderr).toBe('');
    expect(out.code, out.stdout).toBe(0);
    const shown = [...out.stdout.matchAll(/^\+secret=(.*)$/gm)].map((m) => m[1]);
    expect(shown).toHaveLength(12); // two per neighbour, on three guests
    expect(new Set(shown)).toEqual(new Set(['********']));
    for (const user of ['1000', '1001', '2000', '2001', '3000', '3001']) {
      expect(out.stdout).not.toContain(createHash('sha1').update(`${SECRETS[1]}:${user}`).digest('hex').slice(0, 8));
    }
  });

  it('play inventory --list shows them masked', async () => {
    const out = await inRoot((io) => inventoryCommand({ list: true }, io));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('"pbx_extension_secret": "********"');
    for (const s of SECRETS) expect(out.stdout).not.toContain(s);
  });
});
