import { afterEach, describe, expect, it } from 'vitest';
import { KeptConnections } from '../../src/executor/connections.js';
import { Project } from '../support/project.js';

/** Round trips per host, as the --json recap reports them (every exec, put and get is one). */

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const HOSTS = `[web]
h1 ansible_connection=local
h2 ansible_connection=local
`;

describe('round-trip counting', () => {
  it('counts one per command, none for controller-only tasks, per host', async () => {
    project = await Project.create({
      'hosts.ini': HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  tasks:
    - debug: { msg: "controller only" }
    - command: "true"
    - command: "true"
      when: inventory_hostname == 'h1'
`,
    });
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.roundTrips).toEqual({ h1: 2, h2: 1 });
  });

  it('leaves hosts that never needed a connection out', async () => {
    project = await Project.create({
      'hosts.ini': HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  tasks:
    - debug: { msg: "nothing remote" }
`,
    });
    const out = await project.run();
    expect(out.roundTrips).toEqual({});
  });
});

/** 20 file tasks of four modules, as the benchmark's first scenario. */
function fileTasks(): string {
  const tasks: string[] = [];
  for (let i = 0; i < 5; i++) {
    tasks.push(
      `    - file: { path: "{{ root }}/d${i}", state: directory, mode: "0755" }`,
      `    - copy: { dest: "{{ root }}/d${i}/copy.conf", content: "copy ${i} {{ inventory_hostname }}\\n", mode: "0644" }`,
      `    - template: { src: t.j2, dest: "{{ root }}/d${i}/template.conf", mode: "0644" }`,
      `    - lineinfile: { path: "{{ root }}/d${i}/line.conf", line: "extra=${i}", create: true }`,
    );
  }
  return tasks.join('\n');
}

const FILE_PLAY = `
- hosts: web
  gather_facts: false
  vars:
    root: "{{dir}}/out/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ root }}", state: directory }
${fileTasks()}
`;

describe('reading ahead', () => {
  it('a no-op rerun of 20 file tasks reads all their paths in one batch per host', async () => {
    project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': FILE_PLAY, 'templates/t.j2': 'host={{ inventory_hostname }}\n' });
    const first = await project.run();
    expect(first.code).toBe(0);
    expect(first.results.filter((r) => r.status === 'changed')).toHaveLength(42);
    const rerun = await project.run();
    expect(rerun.results.filter((r) => r.status !== 'ok')).toEqual([]);
    // the first task opens the connection and reads on its own; the second reads the other 20 ahead
    expect(rerun.roundTrips).toEqual({ h1: 2, h2: 2 });
  });

  it('a check-mode run after a change on the target still sees the change (nothing stale)', async () => {
    project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': FILE_PLAY, 'templates/t.j2': 'host={{ inventory_hostname }}\n' });
    await project.run();
    await project.write({ 'out/h1/d3/template.conf': 'edited by hand\n' });
    const check = await project.run({ check: true });
    expect(check.results.filter((r) => r.status === 'changed').map((r) => `${r.host} ${r.task}`)).toEqual(['h1 template']);
  });

  it('a command between tasks invalidates what was read ahead', async () => {
    project = await Project.create({
      'hosts.ini': HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  vars:
    f: "{{dir}}/out-{{ inventory_hostname }}"
  tasks:
    - copy: { dest: "{{ f }}.a", content: "a\\n" }
    - copy: { dest: "{{ f }}.b", content: "b\\n" }
    - shell: "echo changed > {{ f }}.b"
      when: change | default(false) | bool
    - copy: { dest: "{{ f }}.b", content: "b\\n" }
`,
    });
    await project.run();
    const again = await project.run({ extraVars: [`change=true`] });
    const statuses = again.results.filter((r) => r.host === 'h1').map((r) => r.status);
    // the shell rewrote .b after it was read ahead: the last copy must see and repair it
    expect(statuses).toEqual(['ok', 'ok', 'changed', 'changed']);
  });
});

describe('reading ahead in loops', () => {
  it("reads every item's path in the batch", async () => {
    project = await Project.create({
      'hosts.ini': HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  vars:
    root: "{{dir}}/out-{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ root }}", state: directory }
    - copy: { dest: "{{ root }}/{{ item }}", content: "{{ item }}\\n" }
      loop: [a, b, c, d, e]
    - lineinfile: { path: "{{ root }}/{{ item }}.line", line: "more", create: true }
      loop: [a, b]
`,
    });
    expect((await project.run()).code).toBe(0);
    const rerun = await project.run();
    expect(rerun.results.filter((r) => r.status !== 'ok')).toEqual([]);
    // the directory task reads on its own (no connection yet); then one batch for the 7 items
    expect(rerun.roundTrips).toEqual({ h1: 2, h2: 2 });
  });
});

describe("reading a loop's facts side by side", () => {
  const SYSCTL_LOOP = `
- hosts: h1
  gather_facts: false
  tasks:
    - command: "true"   # opens the connection (reading ahead never opens one)
      check_mode: false
    - sysctl: { name: "{{ item }}", value: "1", sysctl_file: "{{dir}}/sysctl.conf", reload: false }
      loop: [kernel.pid_max, vm.swappiness, kernel.threads-max]
`;

  it("reads every item's fact before the first item plans, and each plan uses them", async () => {
    project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': SYSCTL_LOOP });
    const out = await project.run({ check: true, diff: true, json: false, verbose: 4 });
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    const reads = lines.flatMap((l, i) => (/<h1> p=\/proc\/sys\//.test(l) ? [i] : []));
    const secondItem = lines.findIndex((l) => l.includes('(item=vm.swappiness)'));
    // three live reads, all before the second item's result: none is read again by its own plan
    expect(reads).toHaveLength(3);
    expect(reads.every((i) => i < secondItem)).toBe(true);
    expect(lines.filter((l) => /^changed: \[h1\] => \(item=/.test(l))).toHaveLength(3);
    // the command, the three facts, and the file read once (state and content) for all three items
    expect((await project.run({ check: true })).roundTrips).toEqual({ h1: 5 });
  });

  it('reads nothing ahead for a task with an environment (its reads see it)', async () => {
    project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': SYSCTL_LOOP.replace('      loop:', '      environment: { LC_ALL: C }\n      loop:') });
    const out = await project.run({ check: true, json: false, verbose: 4 });
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    const reads = lines.flatMap((l, i) => (/<h1> p=\/proc\/sys\//.test(l) ? [i] : []));
    const secondItem = lines.findIndex((l) => l.includes('(item=vm.swappiness)'));
    expect(reads.filter((i) => i > secondItem)).toHaveLength(2);
  });
});

describe("reading the upcoming tasks' facts ahead", () => {
  const MIXED = `
- hosts: h1
  gather_facts: false
  tasks:
    - command: "true"   # opens the connection (reading ahead never opens one)
      check_mode: false
    - sysctl: { name: kernel.pid_max, value: "1", sysctl_file: "{{dir}}/a.conf", reload: false }
    - copy: { dest: "{{dir}}/f1", content: "x" }
    - sysctl: { name: vm.swappiness, value: "1", sysctl_file: "{{dir}}/b.conf", reload: false }
`;

  it("reads a later task's facts and files with the first task that needs a read", async () => {
    project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': MIXED });
    const out = await project.run({ check: true, json: false, verbose: 4 });
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    const reads = lines.flatMap((l, i) => (/<h1> p=\/proc\/sys\//.test(l) ? [i] : []));
    const copyTask = lines.findIndex((l) => l.startsWith('TASK [copy]'));
    // both tasks' live values are read with the first sysctl task (listed with its commands), none again later
    expect(reads).toHaveLength(2);
    expect(reads.every((i) => i < copyTask)).toBe(true);
    // the command, the two facts, and one batch for the three files
    expect((await project.run({ check: true })).roundTrips).toEqual({ h1: 4 });
  });
});

describe('gathering ahead over kept connections', () => {
  const TWO_PLAYS = `
- hosts: h1
  gather_facts: false
  tasks:
    - command: echo first
      check_mode: false
    - command: echo second
      check_mode: false
- hosts: h2
  tasks:
    - debug: { msg: "{{ ansible_facts.system }}" }
`;

  it("reads a later play's facts while the first play runs, in check mode, and the later play uses them", async () => {
    project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': TWO_PLAYS });
    const kept = new KeptConnections();
    const traced: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    try {
      expect((await project.run({ kept })).code).toBe(0); // opens both hosts' connections
      process.env.PLAY_TRACE_ROUND_TRIPS = '1';
      process.stderr.write = (chunk: string | Uint8Array): boolean => (traced.push(String(chunk)), true);
      const out = await project.run({ check: true, kept });
      expect(out.code).toBe(0);
      expect(out.results.find((r) => r.host === 'h2' && r.task === 'debug')?.msg).toBe('Linux');
    } finally {
      process.stderr.write = write;
      delete process.env.PLAY_TRACE_ROUND_TRIPS;
      await kept.closeAll();
    }
    const startOf = (pattern: RegExp): number[] => traced.filter((l) => pattern.test(l)).map((l) => Number(/ @(\d+) /.exec(l)?.[1]));
    const gathers = startOf(/play:gather-facts/);
    const [second] = startOf(/echo second/);
    // one gathering, sent before h1's play had finished (h2's play comes after it)
    expect(gathers).toHaveLength(1);
    expect(second).toBeDefined();
    expect(gathers[0]).toBeLessThan(second as number);
  });
});

