import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_HOSTS, Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function play(yaml: string, extra: Record<string, string> = {}): Promise<Project> {
  project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, 'site.yml': yaml, ...extra });
  return project;
}

const statuses = (out: { results: { host: string; task: string; status: string; item: unknown }[] }, host: string) =>
  out.results.filter((r) => r.host === host).map((r) => `${r.task}:${r.status}${r.item === null ? '' : `:${JSON.stringify(r.item)}`}`);

describe('blocks', () => {
  it('rescue runs after a failure, always runs regardless, the host is rescued', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - block:
        - name: fails
          command: /bin/false
        - name: never reached
          debug: { msg: no }
      rescue:
        - name: rescued
          debug: { msg: "failed task was {{ ansible_failed_task | default('?') }}" }
      always:
        - name: always
          debug: { msg: always }
    - name: after the block
      debug: { msg: after }
`);
    const out = await p.run();
    expect(out.code).toBe(0);
    expect(statuses(out, 'h1')).toEqual(['fails:failed', 'rescued:ok', 'always:ok', 'after the block:ok']);
    expect(out.recap.h1).toMatchObject({ failed: 0, rescued: 1 });
  });

  it('without rescue the host fails after always, other hosts go on, exit 2', async () => {
    const p = await play(`
- hosts: web
  gather_facts: false
  tasks:
    - block:
        - name: fails on h1 only
          command: /bin/false
          when: inventory_hostname == 'h1'
      always:
        - name: always
          debug: { msg: always }
    - name: next
      debug: { msg: next }
`);
    const out = await p.run();
    expect(out.code).toBe(2);
    expect(statuses(out, 'h1')).toEqual(['fails on h1 only:failed', 'always:ok']);
    expect(statuses(out, 'h2')).toEqual(['fails on h1 only:skipped', 'always:ok', 'next:ok']);
    expect(out.recap.h1).toMatchObject({ failed: 1 });
  });

  it('ignore_errors counts as ignored and goes on', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - command: /bin/false
      ignore_errors: true
    - debug: { msg: goes on }
`);
    const out = await p.run();
    expect(out.code).toBe(0);
    expect(out.recap.h1).toMatchObject({ ignored: 1, failed: 0, ok: 2 });
  });
});

describe('loops and conditions', () => {
  it('loop with when per item, loop_control, register of results', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  vars:
    ports: [5060, 4569, 5061]
  tasks:
    - name: write
      copy: { dest: "{{dir}}/p{{ idx }}-{{ port }}", content: "{{ port }}" }
      loop: "{{ ports }}"
      loop_control: { loop_var: port, index_var: idx }
      when: port != 4569
      register: written
    - name: check
      assert:
        that:
          - written.results | length == 3
          - written.results[1] is skipped
          - written.results[0] is changed
          - written.changed
`);
    const out = await p.run();
    expect(out.code).toBe(0);
    expect(statuses(out, 'h1')).toEqual(['write:changed:5060', 'write:skipped:4569', 'write:changed:5061', 'check:ok']);
    expect(await readFile(p.path('p2-5061'), 'utf8')).toBe('5061');
  });

  it('with_items flattens, with_dict gives key/value, until retries', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: "{{ item }}" }
      with_items: [[a, b], c]
    - debug: { msg: "{{ item.key }}={{ item.value }}" }
      with_dict: { x: 1 }
    - name: retried
      shell: "echo x >> {{dir}}/count; test $(wc -l < {{dir}}/count) -ge 2"
      register: r
      until: r.rc == 0
      retries: 3
      delay: 0
`);
    const out = await p.run();
    expect(out.code).toBe(0);
    expect(out.results.filter((r) => r.item !== null).map((r) => r.item)).toEqual(['a', 'b', 'c', { key: 'x', value: 1 }]);
    expect(await readFile(p.path('count'), 'utf8')).toBe('x\nx\n');
  });

  it('changed_when and failed_when override the module', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - shell: echo hello
      register: r
      changed_when: false
    - shell: exit 3
      failed_when: r.stdout != 'hello'
`);
    const out = await p.run();
    expect(out.code).toBe(0);
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'changed']);
  });
});

describe('selection: tags, --role, --limit', () => {
  const TAGGED = `
- hosts: all
  gather_facts: false
  roles:
    - role: base
    - role: app
  tasks:
    - name: untagged play task
      debug: { msg: x }
    - name: tagged play task
      debug: { msg: x }
      tags: [special]
    - name: always task
      debug: { msg: x }
      tags: always
    - name: never task
      debug: { msg: x }
      tags: [never, debugonly]
`;
  const ROLES = {
    'roles/base/tasks/main.yml': '- name: base task\n  debug: { msg: base }\n',
    'roles/common/tasks/main.yml': '- name: common task\n  debug: { msg: common }\n',
    'roles/app/meta/main.yml': 'dependencies:\n  - common\n',
    'roles/app/tasks/main.yml': '- name: app task\n  debug: { msg: app }\n',
  };
  const tasks = (out: { results: { host: string; task: string }[] }) => [...new Set(out.results.filter((r) => r.host === 'h1').map((r) => r.task))];

  it('runs everything but never-tagged tasks by default', async () => {
    const p = await play(TAGGED, ROLES);
    expect(tasks(await p.run())).toEqual(['base : base task', 'common : common task', 'app : app task', 'untagged play task', 'tagged play task', 'always task']);
  });

  it('--tags selects, always stays, never needs its own tag; a role name is no tag (as in Ansible)', async () => {
    const p = await play(TAGGED, ROLES);
    expect(tasks(await p.run({ tags: ['special'] }))).toEqual(['tagged play task', 'always task']);
    expect(tasks(await p.run({ tags: ['debugonly'] }))).toEqual(['always task', 'never task']);
    expect(tasks(await p.run({ tags: ['base'] }))).toEqual(['always task']);
    expect(tasks(await p.run({ skipTags: ['always', 'base'] }))).toEqual(['base : base task', 'common : common task', 'app : app task', 'untagged play task', 'tagged play task']);
  });

  it('--role runs only that role and its dependencies; an unknown role is an options error', async () => {
    const p = await play(TAGGED, ROLES);
    expect(tasks(await p.run({ role: ['app'] }))).toEqual(['common : common task', 'app : app task']);
    const bad = await p.run({ role: ['nope'] });
    expect(bad.code).toBe(5);
  });

  it('--limit with patterns', async () => {
    const p = await play(TAGGED, ROLES);
    const hosts = async (limit: string) => [...new Set((await p.run({ limit })).results.map((r) => r.host))];
    expect(await hosts('web:!h2')).toEqual(['h1']);
    expect(await hosts('h*,&db')).toEqual(['h3']);
    expect(await hosts('~h[13]')).toEqual(['h1', 'h3']);
    expect(await hosts('web[1]')).toEqual(['h2']);
  });
});

describe('variables', () => {
  it('follows Ansible precedence from role defaults up to extra vars', async () => {
    const p = await play(
      `
- hosts: h1
  gather_facts: false
  vars: { from_play: play, over_play: play }
  vars_files: [vars.yml]
  roles:
    - role: r
      over_params: params
  tasks:
    - name: show
      debug:
        msg: "{{ from_default }} {{ over_inv }} {{ over_play }} {{ over_vf }} {{ over_role_vars }} {{ over_params }} {{ over_extra }} {{ lazy }}"
      vars: { over_task: task }
`,
      {
        'group_vars/web.yml': 'over_inv: group\nfrom_group: group\n',
        'host_vars/h1.yml': 'over_inv: host\n',
        'vars.yml': 'over_play: vars_file\nover_vf: vars_file\n',
        'roles/r/defaults/main.yml': 'from_default: default\nover_inv: default\nover_extra: default\nover_params: default\n',
        'roles/r/vars/main.yml': 'over_role_vars: role_vars\nover_vf: role_vars\nlazy: "{{ from_group }}+{{ over_role_vars }}"\n',
        'roles/r/tasks/main.yml': '- name: role task\n  debug: { msg: "{{ over_params }}" }\n',
      },
    );
    const out = await p.run({ extraVars: ['over_extra=extra'] });
    expect(out.code).toBe(0);
    const show = out.results.find((r) => r.task === 'show');
    // role params belong to the role's own tasks; a play task sees the role default
    expect(show?.msg).toBe('default host vars_file role_vars role_vars default extra group+role_vars');
    expect(out.results.find((r) => r.task === 'r : role task')?.msg).toBe('params');
  });

  it('an undefined variable fails the task naming the variable, the task and its file:line', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - name: uses a missing var
      copy: { dest: "{{dir}}/x", content: "{{ nope_not_defined }}" }
`);
    const out = await p.run({ json: false });
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('nope_not_defined');
    expect(out.stdout).toContain("'uses a missing var'");
    expect(out.stdout).toContain(`${p.path('site.yml')}:5:`);
  });

  it("shows an assert's message unless it is quiet, as ansible-playbook does", async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - assert: { that: [true], success_msg: "it is fine" }
    - assert: { that: [true], success_msg: "quiet one", quiet: true }
`);
    const out = await p.run({ json: false });
    expect(out.code).toBe(0);
    // ansible-playbook 2.14 prints exactly this for the first task, and only "ok: [h1]" for the second
    expect(out.stdout).toContain('ok: [h1] => {\n    "changed": false,\n    "msg": "it is fine"\n}\n');
    expect(out.stdout).not.toContain('quiet one');
  });

  it('register + set_fact feed later tasks; hostvars reaches other hosts', async () => {
    const p = await play(`
- hosts: web
  gather_facts: false
  tasks:
    - shell: echo "{{ inventory_hostname }}-out"
      register: r
      changed_when: false
    - set_fact: { mine: "{{ r.stdout }}" }
    - debug: { msg: "{{ hostvars['h2'].mine }}" }
      when: inventory_hostname == 'h1'
      register: seen
    - assert: { that: "seen.msg == 'h2-out'" }
      when: inventory_hostname == 'h1'
`);
    const out = await p.run();
    expect(out.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(out.code).toBe(0);
  });
});

describe('JSON Lines output', () => {
  it('has exactly the documented schema and nothing else on stdout', async () => {
    const p = await play(`
- hosts: web
  gather_facts: false
  tasks:
    - name: write
      copy: { dest: "{{dir}}/{{ inventory_hostname }}", content: x }
    - name: items
      debug: { msg: "{{ item }}" }
      loop: [1]
`);
    const out = await p.run({ diff: true });
    const parsed = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // hosts run in parallel: order results by task, then host
    const lines = [...parsed.slice(0, 4).sort((a, b) => (String(a.task) + String(a.host)).localeCompare(String(b.task) + String(b.host))), ...parsed.slice(4)];
    expect(lines.map((l) => l.task)).toEqual(['items', 'items', 'write', 'write', undefined]);
    expect(lines.length).toBe(5);
    for (const l of lines.slice(0, 4)) {
      expect(Object.keys(l).sort()).toEqual(['changed', 'diff', 'event', 'host', 'item', 'msg', 'play', 'role', 'status', 'task']);
    }
    expect(lines[2]).toMatchObject({ event: 'result', task: 'write', role: null, item: null, status: 'changed', changed: true, diff: [{ path: p.path('h1'), before: '', after: 'x' }] });
    expect(lines[0]).toMatchObject({ task: 'items', host: 'h1', item: 1, status: 'ok', diff: null });
    expect(lines[4]).toEqual({
      event: 'recap',
      hosts: {
        h1: { ok: 2, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 },
        h2: { ok: 2, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 },
      },
      // the copy: stat of dest following links, stat + sha1, the transfer, the new file's owner read back
      round_trips: { h1: 4, h2: 4 },
    });
  });
});

describe('facts in loops and shared templates', () => {
  it('set_fact in a loop accumulates item by item', async () => {
    const p = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - set_fact: { names: "{{ (names | default([])) + [item] }}" }
      loop: [a, b, c]
    - assert: { that: "names == ['a', 'b', 'c']" }
`);
    const out = await p.run();
    expect(out.results.filter((r) => r.status === 'failed')).toEqual([]);
  });

  it("a role template includes a shared template from the playbook's templates/", async () => {
    const p = await play(
      `
- hosts: h1
  gather_facts: false
  roles: [r]
`,
      {
        'templates/header.j2': '; managed by play for {{ inventory_hostname }}\n',
        'roles/r/templates/conf.j2': '{% include "header.j2" %}[general]\n',
        'roles/r/tasks/main.yml': '- template: { src: conf.j2, dest: "{{dir}}/conf" }\n',
      },
    );
    const out = await p.run();
    expect(out.code).toBe(0);
    // as ansible-playbook writes it: Jinja2 drops an included file's last newline
    expect(await readFile(p.path('conf'), 'utf8')).toBe('; managed by play for h1[general]\n');
  });
});

describe('fetch', () => {
  it('copies a file from each host to dest/<host>/<path>, then changes nothing', async () => {
    const p = await play(`
- hosts: web
  gather_facts: false
  tasks:
    - copy: { dest: "{{dir}}/remote-{{ inventory_hostname }}.conf", content: "from {{ inventory_hostname }}\\n" }
    - fetch: { src: "{{dir}}/remote-{{ inventory_hostname }}.conf", dest: "{{dir}}/fetched" }
`);
    const first = await p.run();
    expect(first.code).toBe(0);
    expect(await readFile(p.path(`fetched/h2${p.path('remote-h2.conf')}`), 'utf8')).toBe('from h2\n');
    const check = await p.run({ check: true });
    expect(check.results.filter((r) => r.changed)).toEqual([]);
  });
});
