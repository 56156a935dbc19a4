/**
 * What a task's variables cost, counted (never timed): a view over the precedence layers is
 * built per task and host, and no property is defined per variable — the merged copy it replaces
 * defined one for every inventory variable and fact, for every task on every host. And what the
 * layers kept between tasks must not hide: a host leaving the play, a set_fact, a registered
 * result, a role's own variables, a list a template changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lazyVarCounts, layeredVarCounts } from '../../src/template/index.js';
import { Project, type RunOutput } from '../support/project.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const HOSTS = 20;
const TASKS = 10;
const GROUP_VARS = 100;

const hostName = (i: number): string => `h${String(i + 1).padStart(2, '0')}`;

function groupVars(): string {
  const lines = ['base: b'];
  // half plain, half templated: the old merge made a getter for each templated one
  for (let i = 0; i < GROUP_VARS; i++) lines.push(i % 2 ? `v${i}: "{{ base }}-${i}"` : `v${i}: plain-${i}`);
  return `${lines.join('\n')}\n`;
}

function tasks(): string {
  const out: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    if (i % 2 === 0) out.push(`    - name: t${i}\n      set_fact: { f${i}: "{{ v${i + 1} }}" }`);
    else out.push(`    - name: t${i}\n      assert: { that: ["f${i - 1} == 'b-${i}'", "v${i} == 'plain-${i}' or v${i} == 'b-${i}'"], quiet: true }`);
  }
  return out.join('\n');
}

function msgs(out: RunOutput, task: string): string[] {
  return out.results.filter((r) => r.task === task).map((r) => `${r.host}: ${r.msg}`);
}

describe('variable layering', () => {
  it(`defines no property per variable: ${HOSTS} hosts × ${TASKS} tasks × ${GROUP_VARS} group vars`, async () => {
    const inventory = Array.from({ length: HOSTS }, (_, i) => `${hostName(i)} ansible_connection=local`).join('\n');
    const p = await Project.create({
      'hosts.ini': `[all]\n${inventory}\n`,
      'group_vars/all.yml': groupVars(),
      'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks()}\n`,
    });
    cleanup.push(() => p.remove());
    const views = layeredVarCounts.views;
    const properties = lazyVarCounts.properties;
    const out = await p.run({ forks: '5' });
    expect(out.code, out.stderr).toBe(0);
    expect(out.results).toHaveLength(HOSTS * TASKS);
    const built = layeredVarCounts.views - views;
    const defined = lazyVarCounts.properties - properties;
    // a view at least per task and host (the counter counts), and a property per variable for none
    expect(built).toBeGreaterThanOrEqual(HOSTS * TASKS);
    expect(defined).toBe(0);
    process.stderr.write(`[variable-layering] ${HOSTS}×${TASKS}: ${built} views, ${defined} properties defined\n`);
  }, 120_000);

  it('sees a host leave the play, set_fact and register at once, and each role its own variables', async () => {
    const p = await Project.create({
      'hosts.ini': 'h1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n',
      'roles/r1/defaults/main.yml': 'who: r1-default\nshown: "{{ who }}"\n',
      'roles/r2/vars/main.yml': 'who: r2-vars\n',
      'roles/r1/tasks/main.yml': '- name: in r1\n  debug: { msg: "{{ role_name }} {{ shown }} {{ ansible_search_path | length }}" }\n',
      'roles/r2/tasks/main.yml': '- name: in r2\n  debug: { msg: "{{ role_name }} {{ who }}" }\n',
      'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - name: before
      debug: { msg: "{{ ansible_play_hosts | join(',') }} {{ ansible_play_batch | join(',') }} {{ play_hosts | length }}" }
    - name: fail one
      fail: { msg: out }
      when: inventory_hostname == 'h1'
    - name: after
      debug: { msg: "{{ ansible_play_hosts | join(',') }} {{ ansible_play_hosts_all | join(',') }}" }
    - name: change a list
      debug: { msg: "{{ ansible_play_hosts.append('extra') }} {{ ansible_play_hosts | length }}" }
    - name: unchanged
      debug: { msg: "{{ ansible_play_hosts | length }} {{ ansible_play_batch | length }}" }
    - name: count
      set_fact: { counter: "{{ item }}" }
      loop: [1, 2]
      loop_control: { label: "{{ counter | default('none') }}" }
    - name: registered
      command: echo hi
      changed_when: false
      register: r
    - name: seen
      debug: { msg: "{{ counter }} {{ r.stdout }} {{ hostvars[inventory_hostname].counter }} {{ role_name | default('no role') }}" }
    - include_role: { name: r1 }
      vars: { who: task-var }
    - include_role: { name: r2 }
    - name: after roles
      debug: { msg: "{{ role_name | default('no role') }} {{ who | default('unset') }}" }
`,
    });
    cleanup.push(() => p.remove());
    const out = await p.run();
    expect(out.code).toBe(2);
    expect(msgs(out, 'before')).toEqual(['h1: h1,h2,h3 h1,h2,h3 3', 'h2: h1,h2,h3 h1,h2,h3 3', 'h3: h1,h2,h3 h1,h2,h3 3']);
    expect(msgs(out, 'after')).toEqual(['h2: h2,h3 h1,h2,h3', 'h3: h2,h3 h1,h2,h3']);
    // a list a template changes is the task's own, as when the magic variables were built per task
    expect(msgs(out, 'change a list').map((m) => m.slice(-2))).toEqual([' 3', ' 3']);
    expect(msgs(out, 'unchanged')).toEqual(['h2: 2 2', 'h3: 2 2']);
    // a loop item's label is rendered with the variables its item ran with
    expect(out.results.filter((r) => r.task === 'count' && r.host === 'h2').map((r) => r.item)).toEqual(['none', 1]);
    expect(msgs(out, 'seen')).toEqual(['h2: 2 hi 2 no role', 'h3: 2 hi 2 no role']);
    expect(msgs(out, 'r1 : in r1')).toEqual(['h2: r1 task-var 2', 'h3: r1 task-var 2']);
    expect(msgs(out, 'r2 : in r2')).toEqual(['h2: r2 r2-vars', 'h3: r2 r2-vars']);
    expect(msgs(out, 'after roles')).toEqual(['h2: no role unset', 'h3: no role unset']);
  }, 120_000);
});
