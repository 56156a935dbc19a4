import { describe, expect, it } from 'vitest';
import type { Sample } from './measure.js';
import { reusedPoints, runsAtPoint } from './scale.js';
import { CHART_FILES, scaleCharts, scaleSection } from './scale-report.js';
import type { ScenarioResult } from './scenarios.js';

const sample = (wall: number, rssMb = 100): Sample => ({ wall, rssMb, code: 0, stdout: '', stderr: '' });
const result = (id: number, hosts: number, samples: ScenarioResult['samples']): ScenarioResult => ({ id, title: `s${id}`, hosts, tasksPerHost: 20, samples, roundTrips: {}, notes: [] });

describe('scenario 6: wall time by number of hosts', () => {
  it('runs play at every point, Ansible up to 3 times at 5 hosts and once beyond, default Ansible only up to its limit', () => {
    const o = { runs: 5, ansibleDefaultUpTo: 50 };
    expect([5, 25, 200].map((h) => runsAtPoint('play', h, o))).toEqual([5, 5, 5]);
    expect([5, 25, 200].map((h) => runsAtPoint('ansible-tuned', h, o))).toEqual([3, 1, 1]);
    expect([5, 50, 100].map((h) => runsAtPoint('ansible-default', h, o))).toEqual([3, 1, 0]);
    expect(runsAtPoint('ansible-tuned', 5, { runs: 2, ansibleDefaultUpTo: 0 })).toBe(2);
  });

  it('takes the 5- and 50-host points from scenarios 2 and 4 (the same playbook), nothing from the others', () => {
    const two = result(2, 5, { play: [sample(0.5)] });
    const four = result(4, 50, { play: [sample(1.5)] });
    expect(reusedPoints([result(1, 5, { play: [sample(1)] }), two, four])).toEqual([{ hosts: 5, samples: two.samples }, { hosts: 50, samples: four.samples }]);
  });

  it('renders a row per host count with medians, rate, RSS and run counts, and the charts it links', () => {
    const six: ScenarioResult = {
      ...result(6, 0, {}),
      scale: [
        { hosts: 200, samples: { play: [sample(4, 250), sample(5, 280), sample(6, 260)], 'ansible-tuned': [sample(500, 60)] } },
        { hosts: 5, samples: { play: [sample(0.5)], 'ansible-default': [sample(16)], 'ansible-tuned': [sample(12)] } },
      ],
    };
    const doc = scaleSection([six], 20, 50);
    const rows = doc.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual([
      '| 5 | 0.50 s | 16.0 s | 32.0× | 12.0 s | 24.0× | 200 | 100 MB / 100 MB | 1 / 1 / 1 |',
      '| 200 | 5.00 s | n/a | n/a | 500.0 s | 100.0× | 800 | 280 MB / 60 MB | 3 / 0 / 1 |',
    ]);
    expect(doc).toContain(`](${CHART_FILES.all})`);
    expect(doc).toContain(`](${CHART_FILES.play})`);
    const charts = scaleCharts(six.scale ?? [], 20);
    expect(charts?.all.match(/<polyline /g)).toHaveLength(3);
    expect(charts?.play.match(/<polyline /g)).toHaveLength(1);
    expect(scaleSection([result(2, 5, {})], 20, 50)).toBe('');
  });
});
