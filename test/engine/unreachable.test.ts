import { afterEach, describe, expect, it } from 'vitest';
import { RunEvents, type RunEvent } from '../../src/executor/events.js';
import { defaultRunOptions } from '../../src/executor/options.js';
import { runPlaybooks } from '../../src/executor/run-playbook.js';
import { loadInventory } from '../../src/inventory/index.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('an unreachable host', () => {
  it('is marked unreachable with the cause, the others finish, exit 4', async () => {
    project = await Project.create({
      // nothing listens on port 1: the connection is refused at once
      'hosts.ini': 'ok1 ansible_connection=local\ndead ansible_host=127.0.0.1 ansible_port=1 ansible_user=root\nok2 ansible_connection=local\n',
      'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: first
      command: "true"
    - name: second
      copy: { dest: "{{dir}}/{{ inventory_hostname }}", content: x }
`,
    });
    const out = await project.run({ json: false });
    expect(out.code).toBe(4);
    expect(out.stdout).toMatch(/fatal: \[dead\]: UNREACHABLE! => .*refused/);
    expect(out.stdout).toMatch(/dead\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
    expect(out.stdout).toMatch(/ok1\s+: ok=2\s+changed=2\s+unreachable=0/);
    expect(out.stdout).toMatch(/ok2\s+: ok=2\s+changed=2\s+unreachable=0/);
    expect(out.stdout).toMatch(/dead: unreachable: .*refused/);
  });

  it("carries the command line's hint (the lab is down: play lab up) in its message and the recap", async () => {
    project = await Project.create({
      'hosts.ini': 'dead ansible_host=127.0.0.1 ansible_port=1 ansible_user=root\n',
      'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n',
    });
    const asked: string[] = [];
    const events = new RunEvents();
    const seen: RunEvent[] = [];
    events.on('event', (e) => seen.push(e));
    const summary = await runPlaybooks({
      playbooks: [await loadPlaybook(project.path('site.yml'))],
      inventory: await loadInventory([project.path('hosts.ini')]),
      events,
      options: defaultRunOptions({
        unreachableHint: async (host, address) => {
          asked.push(`${host} ${address}`);
          return "start the lab with 'play lab up'";
        },
      }),
    });
    expect(asked).toEqual(['dead 127.0.0.1']);
    const result = seen.find((e) => e.type === 'result');
    expect(result?.type === 'result' && result.msg).toMatch(/refused.*\n  hint: start the lab with 'play lab up'$/s);
    expect(summary.unreachable.dead).toMatch(/hint: start the lab with 'play lab up'$/);
    expect(summary.exitCode).toBe(4);
  });
});
