import { describe, expect, it } from 'vitest';
import type { Sample } from './measure.js';
import type { ScenarioResult } from './scenarios.js';
import { targetRows, targetsTable } from './targets.js';

const sample = (wall: number, rssMb = 100): Sample => ({ wall, rssMb, code: 0, stdout: '', stderr: '' });
const result = (id: number, extra: Partial<ScenarioResult> = {}): ScenarioResult => ({ id, title: `s${id}`, hosts: 5, tasksPerHost: 20, samples: {}, roundTrips: {}, notes: [], ...extra });

describe('performance targets', () => {
  const results = [
    result(2, { samples: { play: [sample(0.5)], 'ansible-default': [sample(16)], 'ansible-tuned': [sample(2)] } }),
    result(3, { samples: { play: [sample(1.5)] } }),
    result(5, { samples: { play: [sample(1.2)] }, playOwn: [1.1], phases: { connect: 900, facts: 20, commands: 100, rest: 80, wall: 1100 } }),
    result(4, { hosts: 50, samples: { play: [sample(2, 150), sample(2.2, 180)] }, floor: [sample(1.2), sample(1.4), sample(1.3)] }),
    result(6, { scale: [{ hosts: 200, samples: { play: [sample(10, 310)] } }] }),
  ];

  it('says which targets this run met, and for the others what the traced run points at', () => {
    const rows = Object.fromEntries(targetRows(results).map((r) => [r.target, r]));
    expect(rows['no-op rerun (scenario 2) ≥ 20× faster than default Ansible']?.met).toBe(true);
    expect(rows['no-op rerun (scenario 2) ≥ 5× faster than tuned Ansible']?.met).toBe(false);
    expect(rows['site.yml no-op rerun (scenario 3) < 2 s']?.met).toBe(true);
    const repair = rows["per-role repair (scenario 5) < 1 s of play's own time"];
    expect(repair?.met).toBe(false);
    expect(repair?.why).toContain('900 ms of the traced run\'s 1100 ms');
    const rate = rows['50 hosts × 20 tasks ≥ 1,000 host-tasks/s, cold'];
    expect(rate?.measured).toBe('476 host-tasks/s');
    expect(rate?.why).toContain('1.30 s');
    expect(rows['controller peak RSS < 200 MB (scenario 4, 50 hosts)']?.measured).toBe('180 MB');
    expect(rows['controller peak RSS < 300 MB at 200 hosts × 20 tasks']?.met).toBe(false);
  });

  it('leaves out the targets whose scenario did not run', () => {
    const table = targetsTable([results[1] as ScenarioResult]);
    expect(table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| target'))).toHaveLength(1);
  });
});
