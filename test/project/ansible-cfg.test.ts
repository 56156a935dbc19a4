import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/project/config.js';
import { parseIni } from '../../src/project/ansible-cfg.js';
import type { PlayError } from '../../src/errors.js';
import { Project } from '../support/project.js';

const haveAnsible = spawnSync('ansible-config', ['--version'], { stdio: 'ignore' }).status === 0;
const noHome = { home: '/nonexistent', env: {} };

const CFG = `# an Ansible user's file
[defaults]
inventory = hosts.ini
forks = 3
remote_user = deploy ; inline comment
timeout: 17
host_key_checking = False
stdout_callback = yaml
gathering = smart
fact_caching = jsonfile
fact_caching_connection = cache
[privilege_escalation]
become = yes
become_user = admin
`;

async function failure(p: Promise<unknown>): Promise<PlayError> {
  return (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as PlayError;
}

describe('ansible.cfg and the ANSIBLE_* variables', () => {
  it('are read with Ansible names, types and relative paths', async () => {
    const p = await Project.create({ 'ansible.cfg': CFG, '.git/HEAD': '' });
    try {
      const c = await loadConfig(p.dir, noHome);
      expect(c).toMatchObject({
        inventory: [p.path('hosts.ini')],
        forks: 3,
        remoteUser: 'deploy',
        timeout: 17,
        hostKeyChecking: false,
        become: true,
        becomeUser: 'admin',
        gathering: 'smart',
        factCaching: 'jsonfile',
        factCachingConnection: p.path('cache'),
        factCachingTimeout: 86400,
        files: [p.path('ansible.cfg')],
      });
      // a setting of Ansible's that play has no use for is named in a warning, not dropped silently
      expect(c.ignored).toEqual([`${p.path('ansible.cfg')}:8: [defaults] stdout_callback`]);
    } finally {
      await p.remove();
    }
  });

  it('rank: ansible.cfg < play.config.yml < ANSIBLE_* (and the command line above all)', async () => {
    const p = await Project.create({ 'ansible.cfg': CFG, 'play.config.yml': 'forks: 4\nremote_user: yml\n', '.git/HEAD': '' });
    try {
      const c = await loadConfig(p.dir, { home: '/nonexistent', env: { ANSIBLE_FORKS: '5' } });
      expect([c.forks, c.remoteUser, c.timeout]).toEqual([5, 'yml', 17]);
      expect(c.files).toEqual([p.path('ansible.cfg'), p.path('play.config.yml')]);
    } finally {
      await p.remove();
    }
  });

  it("are looked up in Ansible's order: ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg", async () => {
    const p = await Project.create({ 'proj/ansible.cfg': '[defaults]\nforks = 1\n', 'named.cfg': '[defaults]\nforks = 2\n', 'home/.ansible.cfg': '[defaults]\nforks = 3\n', 'proj/.git/HEAD': '' });
    try {
      expect((await loadConfig(p.path('proj'), { home: p.path('home'), env: { ANSIBLE_CONFIG: p.path('named.cfg') } })).forks).toBe(2);
      expect((await loadConfig(p.path('proj'), { home: p.path('home'), env: {} })).forks).toBe(1);
      expect((await loadConfig(p.dir, { home: p.path('home'), env: {} })).forks).toBe(3);
      expect((await failure(loadConfig(p.dir, { home: p.path('home'), env: { ANSIBLE_CONFIG: p.path('nope.cfg') } }))).message).toMatch(/ANSIBLE_CONFIG names .*nope\.cfg, which does not exist/);
    } finally {
      await p.remove();
    }
  });

  it('refuse an unknown key with a did-you-mean, and a wrong value naming key and file', async () => {
    const p = await Project.create({ 'play.config.yml': 'forks: 2\ninventroy: hosts.ini\n', '.git/HEAD': '' });
    try {
      const typo = await failure(loadConfig(p.dir, noHome));
      expect(typo.describe()).toMatch(`${p.path('play.config.yml')}:2: unknown setting 'inventroy'`);
      expect(typo.hint).toBe("did you mean 'inventory'?");
      await p.write({ 'play.config.yml': 'forks: lots\n' });
      const bad = await failure(loadConfig(p.dir, noHome));
      expect(bad.describe()).toMatch(`${p.path('play.config.yml')}:1: forks must be a whole number, got "lots"`);
      await p.write({ 'play.config.yml': '', 'ansible.cfg': '[defaults]\ninventroy = x\n' });
      const cfgTypo = await failure(loadConfig(p.dir, noHome));
      expect(cfgTypo.describe()).toMatch(`${p.path('ansible.cfg')}:2: unknown setting [defaults] inventroy`);
      expect(cfgTypo.hint).toBe("did you mean 'inventory'?");
      await p.write({ 'ansible.cfg': '' });
      const env = await failure(loadConfig(p.dir, { home: '/nonexistent', env: { ANSIBLE_HOST_KEY_CHECKING: 'maybe' } }));
      expect(env.message).toBe('host_key_checking must be a boolean (true/false, yes/no, 1/0), got "maybe" (from the environment variable ANSIBLE_HOST_KEY_CHECKING)');
    } finally {
      await p.remove();
    }
  });

  it('parses INI as configparser does: continuation lines, # and ; comments, key: value', () => {
    const cfg = parseIni('[defaults]\n; comment\nroles_path = a:\n  b\nforks: 2\n', 'x.cfg');
    expect(cfg.entries).toEqual([
      { section: 'defaults', key: 'roles_path', value: 'a:\nb', line: 3 },
      { section: 'defaults', key: 'forks', value: '2', line: 5 },
    ]);
  });
});

describe.skipIf(!haveAnsible)('the same ansible.cfg read by ansible and by play', () => {
  it('gives the same inventory, forks and remote_user', async () => {
    const p = await Project.create({
      'ansible.cfg': '[defaults]\ninventory = hosts.ini\nforks = 3\nremote_user = deploy\n',
      'hosts.ini': '[web]\nw1 ansible_connection=local\nw2 ansible_connection=local\n[db]\nd1 ansible_connection=local\n',
      'site.yml': '- hosts: web\n  gather_facts: false\n  tasks: [{ debug: { msg: hi } }]\n',
      '.git/HEAD': '',
    });
    try {
      const env = { ...process.env, ANSIBLE_CONFIG: undefined, HOME: '/nonexistent' };
      const dump = spawnSync('ansible-config', ['dump', '--only-changed'], { cwd: p.dir, env, encoding: 'utf8' }).stdout;
      const ansible = Object.fromEntries([...dump.matchAll(/^(\w+)\(.*?\) = (.*)$/gm)].map((m) => [m[1], m[2]]));
      const c = await loadConfig(p.dir, noHome);
      expect(ansible.DEFAULT_FORKS).toBe(String(c.forks));
      expect(ansible.DEFAULT_REMOTE_USER).toBe(c.remoteUser);
      expect(ansible.DEFAULT_HOST_LIST).toBe(`['${c.inventory.join("', '")}']`);
      // the inventory's effect: the same hosts listed by both
      const theirs = spawnSync('ansible-playbook', ['--list-hosts', 'site.yml'], { cwd: p.dir, env, encoding: 'utf8' }).stdout;
      const ours = await p.run({ inventory: undefined, listHosts: true, json: false });
      const hosts = (s: string): string[] => [...s.matchAll(/^ {6}(\S+)$/gm)].map((m) => m[1] as string);
      expect(hosts(ours.stdout)).toEqual(['w1', 'w2']);
      expect(hosts(ours.stdout)).toEqual(hosts(theirs).sort());
    } finally {
      await p.remove();
    }
  }, 300_000); // ansible-config and ansible-playbook: slow on a busy machine
});
