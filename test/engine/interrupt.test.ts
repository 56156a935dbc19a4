import { afterEach, describe, expect, it } from 'vitest';
import { RunEvents, type RunEvent } from '../../src/executor/events.js';
import { defaultRunOptions } from '../../src/executor/options.js';
import { runPlaybooks } from '../../src/executor/run-playbook.js';
import { loadInventory } from '../../src/inventory/index.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { LOCAL_HOSTS, Project } from '../support/project.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('Ctrl-C and timeouts', () => {
  it('an interrupt stops new tasks, lets the running one finish, prints the recap, exit 99', async () => {
    project = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  tasks:
${[1, 2, 3, 4].map((n) => `    - name: step ${n}\n      shell: sleep 0.3 && echo ${n} >> "{{dir}}/{{ inventory_hostname }}"`).join('\n')}
`,
    });
    const controller = new AbortController();
    const events = new RunEvents();
    const seen: RunEvent[] = [];
    events.on('event', (e) => {
      seen.push(e);
      if (e.type === 'task_start' && e.task === 'step 2') controller.abort();
    });
    const summary = await runPlaybooks({
      playbooks: [await loadPlaybook(project.path('site.yml'))],
      inventory: await loadInventory([project.path('hosts.ini')]),
      events,
      options: defaultRunOptions({ signal: controller.signal }),
    });
    expect(summary.exitCode).toBe(99);
    const tasks = seen.filter((e) => e.type === 'result').map((e) => (e.type === 'result' ? e.task : ''));
    expect(new Set(tasks)).toEqual(new Set(['step 1', 'step 2']));
    expect(seen.at(-1)?.type).toBe('recap');
  });

  it('the timeout keyword stops a hanging command', async () => {
    project = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'site.yml': `
- hosts: h1
  gather_facts: false
  tasks:
    - name: hangs
      command: sleep 30
      timeout: 1
`,
    });
    const started = Date.now();
    const out = await project.run();
    // stopped, not run to its end (30 s), however busy the machine
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(out.code).toBe(2);
    expect(out.results[0]?.msg).toMatch(/timed out/);
  });
});
