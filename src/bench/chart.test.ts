import { describe, expect, it } from 'vitest';
import { lineChart, ticks } from './chart.js';

const polyline = (svg: string, name: string): [number, number][] => {
  const m = new RegExp(`<polyline data-series="${name}" points="([^"]*)"`).exec(svg);
  if (!m) throw new Error(`no polyline ${name}`);
  return (m[1] as string).split(' ').map((p) => p.split(',').map(Number) as [number, number]);
};
const tickLabels = (svg: string, cls: string): string[] => [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1] as string);

describe('the benchmark chart', () => {
  it('picks round ticks: 1-2-5 steps on a linear axis, decades on a log axis', () => {
    expect(ticks(0, 200, 'linear')).toEqual([0, 50, 100, 150, 200]);
    expect(ticks(0, 9.3, 'linear')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(0.4, 600, 'log')).toEqual([0.1, 1, 10, 100, 1000]);
  });

  it('draws one polyline per series, x growing with hosts and y upwards with time', () => {
    const svg = lineChart({
      title: 'wall time',
      xLabel: 'hosts',
      yLabel: 'seconds',
      yScale: 'linear',
      series: [
        { name: 'play', color: '#c00', points: [[5, 1], [50, 2], [200, 8]] },
        { name: 'Ansible tuned', color: '#00c', points: [[5, 10], [50, NaN]] },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(tickLabels(svg, 'x-tick')).toEqual(['0', '50', '100', '150', '200']);
    expect(tickLabels(svg, 'y-tick')).toEqual(['0', '2', '4', '6', '8', '10']);
    const play = polyline(svg, 'play');
    expect(play).toHaveLength(3);
    const [a, b, c] = play as [[number, number], [number, number], [number, number]];
    expect(a[0] < b[0] && b[0] < c[0]).toBe(true);
    expect(a[1] > b[1] && b[1] > c[1]).toBe(true); // SVG's y grows downwards
    // the x axis is linear: 50 hosts is a quarter of the way from 0 to 200
    const x0 = 70;
    expect((b[0] - x0) / (c[0] - x0)).toBeCloseTo(0.25, 2);
    // a missing measurement (NaN) is left out, not drawn at 0
    expect(polyline(svg, 'Ansible tuned')).toHaveLength(1);
  });

  it('puts decades at equal distances on a log axis', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', yScale: 'log', series: [{ name: 's', color: '#000', points: [[1, 1], [2, 10], [3, 100]] }] });
    const [p, q, r] = polyline(svg, 's') as [[number, number], [number, number], [number, number]];
    expect(p[1] - q[1]).toBeCloseTo(q[1] - r[1], 1);
    expect(tickLabels(svg, 'y-tick')).toEqual(['1', '10', '100']);
  });

  it('escapes names and refuses a chart with nothing to draw', () => {
    expect(lineChart({ title: 'a < b', xLabel: 'x', yLabel: 'y', yScale: 'linear', series: [{ name: 'x&y', color: '#000', points: [[1, 1]] }] })).toContain('a &lt; b');
    expect(() => lineChart({ title: 'empty', xLabel: 'x', yLabel: 'y', yScale: 'log', series: [{ name: 's', color: '#000', points: [[1, NaN]] }] })).toThrow(/no points/);
  });
});
