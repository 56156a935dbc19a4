import { existsSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { encrypt } from '../../src/vault/crypt.js';
import { vaultSecret } from '../../src/vault/secrets.js';
import { LOCAL_HOSTS, Project, runInPlace, type RunOutput } from '../support/project.js';

let project: Project | undefined;
let other: Project | undefined;
afterEach(async () => {
  await project?.remove();
  await other?.remove();
  project = undefined;
  other = undefined;
});

const PASSWORD = 'lab-demo-vault-password';
const indent = (s: string): string => s.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');

async function vaultProject(password = PASSWORD, values = { sip: 's3cr3t-7001', iax: 'mesh-Pa55' }): Promise<Project> {
  const secret = vaultSecret(password);
  return Project.create({
    'hosts.ini': LOCAL_HOSTS,
    'vault-pass': `${password}\n`,
    // an inline !vault value in group_vars, and a whole vaulted vars file
    'group_vars/web.yml': `sip_secret: !vault |\n${indent(encrypt(values.sip, secret))}\n`,
    'secrets.yml': encrypt(`iax_secret: ${values.iax}\n`, secret),
    'later.yml': encrypt(`late_secret: late-${values.iax}\n`, secret),
    'site.yml': `
- hosts: web
  gather_facts: false
  vars_files: [secrets.yml]
  tasks:
    - name: write the peer
      copy:
        dest: "{{dir}}/{{ inventory_hostname }}.conf"
        content: "[7001]\\nsecret={{ sip_secret }}\\n[mesh]\\nsecret={{ iax_secret }}\\n"
    - name: show it
      debug: { msg: "the secret is {{ sip_secret }}" }
# a second play: its vaulted vars file is read in the middle of the run
- hosts: web
  gather_facts: false
  vars_files: [later.yml]
  tasks:
    - name: write the late secret
      copy: { dest: "{{dir}}/{{ inventory_hostname }}.late", content: "{{ late_secret }}\\n" }
`,
  });
}

/** `play run` in this process with the project's vault password, from the current directory. */
function runWithPassword(p: Project): Promise<RunOutput> {
  return runInPlace([p.path('site.yml')], { inventory: [p.path('hosts.ini')], vaultPasswordFile: [p.path('vault-pass')] });
}

describe('vault data in a run', () => {
  it('decrypts inline and whole-file vault data, and masks the values in output and diffs', async () => {
    project = await vaultProject();
    const out = await project.run({ diff: true, vaultPasswordFile: [project.path('vault-pass')] });
    expect(out.code).toBe(0);
    expect(await readFile(project.path('h1.conf'), 'utf8')).toBe('[7001]\nsecret=s3cr3t-7001\n[mesh]\nsecret=mesh-Pa55\n');
    expect(out.stdout).not.toContain('s3cr3t-7001');
    expect(out.stdout).not.toContain('mesh-Pa55');
    expect(out.stdout).toContain('secret=********');
    expect(out.results.find((r) => r.task === 'show it')?.msg).toBe('the secret is ********');
  });

  it('two runs in one process at once each decrypt with their own password and mask into their own output', async () => {
    project = await vaultProject('first-password', { sip: 'sip-one-1111', iax: 'iax-one-1111' });
    other = await vaultProject('second-password', { sip: 'sip-two-2222', iax: 'iax-two-2222' });
    const [one, two] = await Promise.all([runWithPassword(project), runWithPassword(other)]);
    expect([one.code, two.code], `${one.stderr}\n${two.stderr}`).toEqual([0, 0]);
    expect(await readFile(project.path('h1.conf'), 'utf8')).toBe('[7001]\nsecret=sip-one-1111\n[mesh]\nsecret=iax-one-1111\n');
    expect(await readFile(other.path('h1.conf'), 'utf8')).toBe('[7001]\nsecret=sip-two-2222\n[mesh]\nsecret=iax-two-2222\n');
    expect(await readFile(project.path('h1.late'), 'utf8')).toBe('late-iax-one-1111\n');
    expect(await readFile(other.path('h1.late'), 'utf8')).toBe('late-iax-two-2222\n');
    for (const out of [one, two]) expect(out.stdout).toContain('"msg":"the secret is ********"');
    for (const text of [one.stdout, two.stdout]) expect(text).not.toMatch(/sip-(one|two)|iax-(one|two)/);
  });

  it('without a vault password: a clear error before any host is touched', async () => {
    project = await vaultProject();
    const out = await project.run({});
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/vault-encrypted data but no vault password/);
    expect(out.stderr).toMatch(/--vault-password-file/);
    expect(out.results).toEqual([]);
  });

  it('a wrong vault password fails with the place of the value', async () => {
    project = await vaultProject();
    await project.write({ 'wrong-pass': 'nope\n' });
    const out = await project.run({ vaultPasswordFile: [project.path('wrong-pass')] });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/VAULT|vault/);
    expect(out.results).toEqual([]);
  });

  it('runs the password script only when vaulted data is met, and then once', async () => {
    // the project's play.config.yml names a script that counts its runs
    const script = { 'play.config.yml': 'vault_password_file: pw.sh\n', 'pw.sh': `#!/bin/sh\necho run >> '{{dir}}/pw-runs'\necho '${PASSWORD}'\n` };
    const plain = await Project.create({
      ...script,
      'hosts.ini': LOCAL_HOSTS,
      'site.yml': '- hosts: web\n  gather_facts: false\n  tasks:\n    - debug: { msg: nothing vaulted }\n',
    });
    project = plain;
    await chmod(plain.path('pw.sh'), 0o755);
    const out = await plain.run({});
    expect(out.code).toBe(0);
    expect(existsSync(plain.path('pw-runs'))).toBe(false);
    await plain.remove();

    project = await vaultProject();
    await project.write(script);
    await chmod(project.path('pw.sh'), 0o755);
    const vaulted = await project.run({});
    expect(vaulted.code).toBe(0);
    expect(await readFile(project.path('h1.conf'), 'utf8')).toBe('[7001]\nsecret=s3cr3t-7001\n[mesh]\nsecret=mesh-Pa55\n');
    // an inline value in group_vars and a whole vaulted vars file, on two hosts: one run of the script
    expect(await readFile(project.path('pw-runs'), 'utf8')).toBe('run\n');
  });
});
