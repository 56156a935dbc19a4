import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionSettings } from '../../src/cli/connection-options.js';
import { connectionSpec } from '../../src/executor/connections.js';
import { readConnectionVars } from '../../src/executor/execute-module.js';
import { loadConfig } from '../../src/project/config.js';
import { Masker } from '../../src/secrets/mask.js';
import { Project } from '../support/project.js';
import { sshdSkipReason, startSshd } from '../ssh/sshd-fixture.js';

const haveAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const canSudo = spawnSync('sudo', ['-n', '-u', 'nobody', 'true'], { stdio: 'ignore' }).status === 0;

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const WHOAMI = `- hosts: all
  gather_facts: false
  tasks:
    - command: id -un
      register: who
    - copy: { dest: "{{dir}}/who-{{ inventory_hostname }}", content: "{{ who.stdout }}" }
      become: false
`;

describe("ansible-playbook's connection flags on play run", () => {
  it('-c local connects locally to a host with no ansible_connection (without it: SSH, unreachable)', async () => {
    project = await Project.create({ 'hosts.ini': 'h1 ansible_host=127.0.0.1 ansible_port=1\n', 'site.yml': WHOAMI });
    expect((await project.run({ connection: 'local' })).recap.h1).toMatchObject({ ok: 2, unreachable: 0 });
    expect((await project.run({ timeout: '5' })).recap.h1).toMatchObject({ unreachable: 1 });
    // the play's connection keyword is above -c, as in Ansible
    await project.write({ 'site.yml': WHOAMI.replace('gather_facts: false', 'gather_facts: false\n  connection: local') });
    expect((await project.run({ connection: 'ssh', timeout: '5' })).recap.h1).toMatchObject({ ok: 2, unreachable: 0 });
  });

  it.skipIf(!canSudo)('-b --become-user runs as that user; a play\'s become: false still wins over -b', async () => {
    project = await Project.create({ 'hosts.ini': 'h1 ansible_connection=local\n', 'site.yml': WHOAMI });
    expect((await project.run({ become: true, becomeUser: 'nobody' })).code).toBe(0);
    expect(await readFile(project.path('who-h1'), 'utf8')).toBe('nobody');
    await project.write({ 'site.yml': WHOAMI.replace('gather_facts: false', 'gather_facts: false\n  become: false') });
    expect((await project.run({ become: true, becomeUser: 'nobody' })).code).toBe(0);
    expect(await readFile(project.path('who-h1'), 'utf8')).not.toBe('nobody');
  });

  it('-u, --private-key, -T and --ssh-*-args are defaults below the inventory’s variables', async () => {
    project = await Project.create({ 'pw': 's3cret\n', 'become-pw': 'b3come\n', '.git/HEAD': '' });
    const masker = new Masker();
    const config = await loadConfig(project.dir, { env: {}, home: '/nonexistent' });
    const s = await connectionSettings(
      { user: 'deploy', privateKey: '/k/id', timeout: '7', sshCommonArgs: '-o ProxyJump=jump', connectionPasswordFile: project.path('pw'), becomePasswordFile: project.path('become-pw') },
      config,
      masker,
      false,
    );
    const spec = connectionSpec('h1', readConnectionVars({ ansible_host: '127.0.0.2' }, s.defaults), false);
    expect(spec).toMatchObject({ user: 'deploy', privateKeyFile: '/k/id', connectTimeoutMs: 7000, jumpHost: 'jump', password: 's3cret', connection: 'ssh' });
    expect(connectionSpec('h1', readConnectionVars({ ansible_user: 'inv' }, s.defaults), false).user).toBe('inv');
    expect(s.defaults.ansible_become_password).toBe('b3come');
    // both passwords are secrets of the run
    expect(masker.maskString('s3cret b3come')).not.toMatch(/s3cret|b3come/);
  });

  it('config settings are the defaults under the flags: remote_user, host_key_checking, timeout', async () => {
    project = await Project.create({ 'ansible.cfg': '[defaults]\nremote_user = cfg\nhost_key_checking = False\ntimeout = 9\n', '.git/HEAD': '' });
    const config = await loadConfig(project.dir, { env: {}, home: '/nonexistent' });
    const fromCfg = await connectionSettings({}, config, new Masker(), false);
    expect(fromCfg).toMatchObject({ defaults: { ansible_user: 'cfg', ansible_timeout: 9 }, acceptNewHostKeys: true });
    expect((await connectionSettings({ user: 'cli', timeout: '3' }, config, new Masker(), false)).defaults).toMatchObject({ ansible_user: 'cli', ansible_timeout: 3 });
    await expect(connectionSettings({ timeout: 'soon' }, config, new Masker(), false)).rejects.toThrow(/-T\/--timeout must be a positive number of seconds, got "soon"/);
    // ssh options play's client would not use are refused, not passed to nothing
    await expect(connectionSettings({ sshExtraArgs: '-o ServerAliveInterval=5' }, config, new Masker(), false)).rejects.toThrow(/--ssh-extra-args: play's SSH client does not use "-o ServerAliveInterval=5"/);
    await expect(connectionSettings({ sshCommonArgs: '-C' }, config, new Masker(), false)).rejects.toThrow(/does not use "-C"/);
    expect((await connectionSettings({ sshCommonArgs: '-o UserKnownHostsFile=/k -oProxyJump=j' }, config, new Masker(), false)).defaults.ansible_ssh_common_args).toBe('-o UserKnownHostsFile=/k -oProxyJump=j');
  });
});

describe.skipIf(sshdSkipReason !== undefined)('the SSH user: ansible_user over remote_user over -u, as in Ansible', () => {
  it('reaches sshd as the user each level names', async () => {
    const sshd = await startSshd();
    try {
      const line = (user: string): string =>
        `h1 ansible_host=${sshd.address} ansible_port=${sshd.port} ansible_ssh_private_key_file=${sshd.clientKeyFile} play_known_hosts_file=${sshd.knownHostsFile}${user}\n`;
      const site = (kw: string): string => `- hosts: all\n  gather_facts: false\n${kw}  tasks: [{ command: "true" }]\n`;
      project = await Project.create({ 'hosts.ini': line(''), 'site.yml': site('  remote_user: ghost\n') });
      // the keyword wins over -u: sshd sees the unknown user ghost
      expect((await project.run({ user: sshd.user })).recap.h1).toMatchObject({ unreachable: 1 });
      expect(sshd.count(/Invalid user ghost/)).toBeGreaterThan(0);
      // -u alone is used
      await project.write({ 'site.yml': site('') });
      expect((await project.run({ user: sshd.user })).recap.h1).toMatchObject({ ok: 1, unreachable: 0 });
      // the inventory's ansible_user wins over the keyword
      await project.write({ 'hosts.ini': line(` ansible_user=${sshd.user}`), 'site.yml': site('  remote_user: ghost\n') });
      expect((await project.run({})).recap.h1).toMatchObject({ ok: 1, unreachable: 0 });
    } finally {
      await sshd.stop();
    }
  }, 60_000);
});

describe.skipIf(!haveAnsible)('--list-tags', () => {
  it('prints what ansible-playbook prints', async () => {
    const site = `- name: First
  hosts: all
  tags: [p1]
  tasks:
    - debug: msg=a
      tags: [b, a]
    - block:
        - debug: msg=c
          tags: c
- hosts: h1
  tasks:
    - debug: msg=x
      tags: x
`;
    project = await Project.create({ 'hosts.ini': 'h1 ansible_connection=local\n', 'site.yml': site });
    const ours = await project.run({ listTags: true, json: false });
    const theirs = spawnSync('ansible-playbook', ['-i', 'hosts.ini', '--list-tags', 'site.yml'], { cwd: project.dir, encoding: 'utf8' }).stdout;
    const body = (s: string): string => s.slice(s.indexOf('\n  play'));
    expect(body(ours.stdout)).toBe(body(theirs));
    expect(ours.stdout).toContain('TASK TAGS: [a, b, c, p1]');
  }, 300_000); // an ansible-playbook run: slow on a busy machine
});
