import { spawnSync } from 'node:child_process';
import { readFile, stat, utimes } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

const haveAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const CFG = '[defaults]\ngathering = smart\nfact_caching = jsonfile\nfact_caching_connection = cache\nfact_caching_timeout = 3600\n';
const SITE = `- hosts: all
  tasks:
    - copy: { dest: "{{dir}}/distro-{{ inventory_hostname }}", content: "{{ ansible_facts.distribution }} {{ ansible_distribution_version }}" }
`;
const HOSTS = 'h1 ansible_connection=local\nh2 ansible_connection=local\n';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const gathered = (out: { results: { task: string }[] }): number => out.results.filter((r) => r.task === 'Gathering Facts').length;

describe('fact caching (gathering = smart, fact_caching = jsonfile)', () => {
  it('gathers once, then answers from the cache: no round trip for facts', async () => {
    project = await Project.create({ 'ansible.cfg': CFG, 'hosts.ini': HOSTS, 'site.yml': SITE, '.git/HEAD': '' });
    const first = await project.run();
    expect(first.code).toBe(0);
    expect(gathered(first)).toBe(2);
    const cached = JSON.parse(await readFile(project.path('cache/h1'), 'utf8')) as Record<string, unknown>;
    expect(cached).toMatchObject({ _ansible_facts_gathered: true, module_setup: true, gather_subset: ['all'] });
    expect(typeof cached.ansible_distribution).toBe('string');
    expect((await stat(project.path('cache/h1'))).mode & 0o777).toBe(0o600);
    const second = await project.run();
    expect(second.code).toBe(0);
    expect(gathered(second)).toBe(0);
    // the facts came from the cache: the copy, which changes nothing, is the run's only command
    expect(second.roundTrips.h1).toBeLessThan(first.roundTrips.h1 ?? 0);
    expect(await readFile(project.path('distro-h1'), 'utf8')).toBe(`${String(cached.ansible_distribution)} ${String(cached.ansible_distribution_version)}`);
  });

  it('set_fact cacheable: a later run reads the facts under their own names, and still gathers (smart)', async () => {
    const site = (tasks: string): string => `- hosts: h1\n  gather_facts: false\n  tasks:\n${tasks}`;
    project = await Project.create({
      'ansible.cfg': CFG,
      'hosts.ini': HOSTS,
      'set.yml': site('    - set_fact: { kept: 7, ansible_kept_too: x, cacheable: true }\n'),
      'read.yml': site('    - name: read\n      debug: { msg: "{{ kept }} {{ ansible_facts.kept }} {{ ansible_kept_too }} {{ kept_too | default(\'none\') }}" }\n'),
      'gather.yml': '- hosts: h1\n  tasks: []\n',
      '.git/HEAD': '',
    });
    expect((await project.run({ playbooks: ['set.yml'] })).code).toBe(0);
    const cached = JSON.parse(await readFile(project.path('cache/h1'), 'utf8')) as Record<string, unknown>;
    expect(cached).toEqual({ kept: 7, ansible_kept_too: 'x' });
    const read = await project.run({ playbooks: ['read.yml'] });
    expect(read.results.find((r) => r.task === 'read')?.msg).toBe('7 7 x none');
    // facts, but none gathered: gathering = smart still asks the host
    expect(gathered(await project.run({ playbooks: ['gather.yml'] }))).toBe(1);
  });

  it('gathers again when the entry is older than fact_caching_timeout, or with --flush-cache', async () => {
    project = await Project.create({ 'ansible.cfg': CFG, 'hosts.ini': HOSTS, 'site.yml': SITE, '.git/HEAD': '' });
    await project.run();
    const old = new Date(Date.now() - 7200_000);
    await utimes(project.path('cache/h1'), old, old);
    const expired = await project.run();
    expect(expired.results.filter((r) => r.task === 'Gathering Facts').map((r) => r.host)).toEqual(['h1']);
    const flushed = await project.run({ flushCache: true });
    expect(gathered(flushed)).toBe(2);
  });

  it('gathering = explicit gathers only where gather_facts: true says so; smart gathers once per run', async () => {
    project = await Project.create({
      'ansible.cfg': '[defaults]\ngathering = explicit\n',
      'hosts.ini': 'h1 ansible_connection=local\n',
      'site.yml': '- hosts: all\n  tasks: [{ debug: { msg: hi } }]\n- hosts: all\n  gather_facts: true\n  tasks: [{ debug: { msg: hi } }]\n',
      '.git/HEAD': '',
    });
    expect(gathered(await project.run())).toBe(1);
    await project.write({ 'ansible.cfg': '[defaults]\ngathering = smart\n' });
    expect(gathered(await project.run())).toBe(1);
    await project.write({ 'ansible.cfg': '[defaults]\ngathering = implicit\n' });
    expect(gathered(await project.run())).toBe(2);
  });

  it('needs fact_caching_connection, as Ansible', async () => {
    project = await Project.create({ 'ansible.cfg': '[defaults]\nfact_caching = jsonfile\n', 'hosts.ini': HOSTS, 'site.yml': SITE, '.git/HEAD': '' });
    const out = await project.run();
    expect(out.code).toBe(5);
    expect(out.stderr).toMatch(/the 'jsonfile' fact cache needs fact_caching_connection/);
  });
});

describe.skipIf(!haveAnsible)('the jsonfile cache is shared with ansible-playbook', () => {
  const ansible = (dir: string): string =>
    spawnSync('ansible-playbook', ['-i', 'hosts.ini', 'site.yml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_NOCOLOR: '1' } }).stdout;

  it("play reads ansible-playbook's cache, and ansible-playbook reads play's", async () => {
    project = await Project.create({ 'ansible.cfg': CFG, 'hosts.ini': HOSTS, 'site.yml': SITE, '.git/HEAD': '' });
    const theirs = ansible(project.dir);
    expect(theirs).toContain('TASK [Gathering Facts]');
    const ours = await project.run();
    expect(gathered(ours)).toBe(0);
    expect(ours.code).toBe(0);
    const content = await readFile(project.path('distro-h1'), 'utf8');
    // play writes the cache this time, ansible-playbook reads it and gathers nothing
    await project.run({ flushCache: true });
    const again = ansible(project.dir);
    expect(again).not.toContain('TASK [Gathering Facts]');
    expect(again).toMatch(/ok=1 /);
    expect(await readFile(project.path('distro-h1'), 'utf8')).toBe(content);
  }, 300_000); // two ansible-playbook runs: slow on a busy machine
});
