/**
 * add_host and group_by change the inventory of their own run only: a later play of the run
 * targets the new hosts and groups, and another run in the same process (one after the other,
 * or at the same time) starts from the loaded inventory again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Project, runInPlace, type RunOutput } from '../support/project.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
    - name: before
      debug: { msg: "{{ groups['extra'] | default('none') }} {{ groups['by_color'] | default('none') }} {{ groups['all'] | length }}" }
    - name: add
      add_host: { name: "{{ newhost }}", groups: extra, ansible_connection: local, given: "{{ newhost }}-var" }
    - name: group
      group_by: { key: by_color }
- hosts: extra
  gather_facts: false
  tasks:
    - name: on the added host
      debug: { msg: "{{ inventory_hostname }} {{ given }} {{ group_names }}" }
- hosts: by_color
  gather_facts: false
  tasks:
    - name: on the grouped hosts
      debug: { msg: "{{ ansible_play_hosts | join(',') }}" }
`;

function msgs(out: RunOutput, task: string): string[] {
  return out.results.filter((r) => r.task === task).map((r) => `${r.host}: ${r.msg}`);
}

describe('add_host and group_by', () => {
  it('change only their own run', async () => {
    const p = await Project.create({ 'hosts.ini': 'h1 ansible_connection=local\nh2 ansible_connection=local\n', 'site.yml': SITE });
    cleanup.push(() => p.remove());
    const run = (newhost: string): Promise<RunOutput> => runInPlace([p.path('site.yml')], { inventory: [p.path('hosts.ini')], extraVars: [`newhost=${newhost}`] });

    for (const out of [await run('n1'), ...(await Promise.all([run('n2'), run('n3')]))]) {
      expect(out.code, out.stderr).toBe(0);
      // every run starts from the loaded inventory
      expect(msgs(out, 'before')).toEqual(['h1: none none 2', 'h2: none none 2']);
      // add_host runs once, for the first host
      expect(out.results.filter((r) => r.task === 'add').map((r) => `${r.host} ${r.status}`)).toEqual(['h1 changed']);
      expect(out.results.filter((r) => r.task === 'group').map((r) => `${r.host} ${r.status}`).sort()).toEqual(['h1 changed', 'h2 changed']);
    }
    const [n1, n2, n3] = [await run('n1'), await run('n2'), await run('n3')];
    expect(msgs(n1, 'on the added host')).toEqual(["n1: n1 n1-var ['extra']"]);
    expect(msgs(n2, 'on the added host')).toEqual(["n2: n2 n2-var ['extra']"]);
    expect(msgs(n3, 'on the grouped hosts')).toEqual(['h1: h1,h2', 'h2: h1,h2']);
  });
});
