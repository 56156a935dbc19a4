import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachReporter, type Io } from '../../src/cli/reporters.js';
import { RunEvents, type RunEvent } from '../../src/executor/events.js';
import { defaultRunOptions } from '../../src/executor/options.js';
import { runPlaybooks } from '../../src/executor/run-playbook.js';
import { loadInventory } from '../../src/inventory/index.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { Project } from '../support/project.js';
import { faultHost, faultInventory, faultReset, faultUp, killSshd } from './fault-hosts.js';

/**
 * Unreachable hosts on real sshd: one that is down from the start, one whose sshd is killed in
 * the middle of a task. It is marked unreachable with the cause, the others finish, exit 4, the
 * recap says why; a rerun converges.
 */
const up = [faultHost(1), faultHost(2), faultHost(3)];
const dead = faultHost(9); // never started: nothing listens on 127.0.13.9:22
const [a, b, killed] = up as [typeof up[0], typeof up[0], typeof up[0]];

const PLAYBOOK = `
- hosts: faults
  gather_facts: false
  tasks:
    - name: first
      copy: { dest: /root/fault-first, content: "one\\n" }
    - name: slow
      shell: sleep 4; echo slept
    - name: after
      copy: { dest: /root/fault-after, content: "two\\n" }
`;

interface Outcome {
  code: number;
  console: string;
  results: Extract<RunEvent, { type: 'result' }>[];
  recap: Extract<RunEvent, { type: 'recap' }> | undefined;
}

/** Runs the playbook in-process with the console reporter; `onEvent` can inject a fault. */
async function run(project: Project, onEvent?: (e: RunEvent) => void): Promise<Outcome> {
  let out = '';
  const io: Io = { stdout: { write: (s) => void (out += s) }, stderr: { write: (s) => void (out += s) }, isTTY: false };
  const events = new RunEvents();
  const seen: RunEvent[] = [];
  events.on('event', (e) => {
    seen.push(e);
    onEvent?.(e);
  });
  const done = await attachReporter(events, io, { json: false, verbosity: 0 });
  const summary = await runPlaybooks({
    playbooks: [await loadPlaybook(project.path('site.yml'))],
    inventory: await loadInventory([project.path('hosts.ini')]),
    events,
    options: defaultRunOptions({}),
  });
  await done();
  return {
    code: summary.exitCode,
    console: out,
    results: seen.filter((e): e is Extract<RunEvent, { type: 'result' }> => e.type === 'result'),
    recap: seen.find((e): e is Extract<RunEvent, { type: 'recap' }> => e.type === 'recap'),
  };
}

describe.runIf(labTestsEnabled)('unreachable lab hosts', () => {
  let project: Project;
  beforeAll(async () => {
    await faultReset([...up, dead]);
    await faultUp(up);
    project = await Project.create({ 'site.yml': PLAYBOOK });
  }, 600_000);
  afterAll(async () => {
    await project?.remove();
    await faultReset([...up, dead]);
  }, 120_000);

  it('a host down from the start: unreachable with the cause, the others finish, exit 4', async () => {
    await project.write({ 'hosts.ini': faultInventory([a, b, dead]) });
    const out = await run(project);
    expect(out.code).toBe(4);
    expect(out.recap?.hosts[dead.name]).toMatchObject({ ok: 0, unreachable: 1 });
    expect(out.recap?.unreachableReasons[dead.name]).toMatch(/refused/);
    expect(out.console).toMatch(new RegExp(`${dead.name}: unreachable: .*refused`));
    for (const h of [a, b]) {
      expect(out.recap?.hosts[h.name]).toMatchObject({ ok: 3, changed: 3, unreachable: 0, failed: 0 });
      expect((await sshRun(h.address, 'cat /root/fault-first /root/fault-after')).stdout).toBe('one\ntwo\n');
    }
  }, 120_000);

  it('sshd killed in the middle of a task: that host is unreachable, the others finish, exit 4', async () => {
    await project.write({ 'hosts.ini': faultInventory(up) });
    await sshRun(a.address, 'rm -f /root/fault-after');
    let killedSshd = 0;
    const out = await run(project, (e) => {
      if (e.type === 'task_start' && e.task === 'slow') {
        setTimeout(() => void killSshd(killed).then((n) => (killedSshd = n)), 1_500);
      }
    });
    expect(killedSshd).toBeGreaterThan(0);
    expect(out.code).toBe(4);
    const slow = out.results.find((r) => r.host === killed.name && r.task === 'slow');
    expect(slow?.status).toBe('unreachable');
    expect(out.results.some((r) => r.host === killed.name && r.task === 'after')).toBe(false);
    expect(out.recap?.hosts[killed.name]).toMatchObject({ unreachable: 1 });
    expect(out.console).toMatch(new RegExp(`${killed.name}: unreachable: \\S`));
    for (const h of [a, b]) {
      expect(out.results.find((r) => r.host === h.name && r.task === 'after')?.status).toMatch(/ok|changed/);
      expect(out.recap?.hosts[h.name]).toMatchObject({ unreachable: 0, failed: 0 });
    }
  }, 120_000);

  it('a rerun after the host is back converges', async () => {
    await faultUp([killed]); // its sshd is dead: the lab starts the host again (same layer)
    const out = await run(project);
    expect(out.code).toBe(0);
    for (const h of up) expect(out.recap?.hosts[h.name]).toMatchObject({ unreachable: 0, failed: 0 });
    const changed = out.results.filter((r) => r.changed && r.task !== 'slow').map((r) => `${r.host}|${r.task}`);
    expect(changed).toEqual([`${killed.name}|after`]);
    expect((await sshRun(killed.address, 'cat /root/fault-first /root/fault-after')).stdout).toBe('one\ntwo\n');
  }, 300_000);
});
