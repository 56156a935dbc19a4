import { lineChart } from './chart.js';
import type { ScalePoint, ScenarioResult, Tool } from './scenarios.js';
import { formatRatio, formatSeconds, median } from './stats.js';

/** Scenario 6 in docs/performance.md: a table per host count and the two SVG charts. */

export const CHART_FILES = { all: 'performance-hosts.svg', play: 'performance-hosts-play.svg' } as const;

const TOOL_NAMES: Record<Tool, string> = { play: 'play', 'ansible-default': 'Ansible default', 'ansible-tuned': 'Ansible tuned' };
const COLORS: Record<Tool, string> = { play: '#d62728', 'ansible-default': '#1f77b4', 'ansible-tuned': '#2ca02c' };

const wall = (p: ScalePoint, t: Tool): number => median((p.samples[t] ?? []).map((s) => s.wall));
const maxOf = (xs: readonly number[]): number => (xs.some(Number.isFinite) ? Math.max(...xs.filter(Number.isFinite)) : NaN);
const peakRss = (p: ScalePoint, t: Tool): number => maxOf((p.samples[t] ?? []).map((s) => s.rssMb));

export function scalePoints(results: readonly ScenarioResult[]): ScalePoint[] {
  return [...(results.find((r) => r.id === 6)?.scale ?? [])].sort((a, b) => a.hosts - b.hosts);
}

/** The charts: every tool on a log scale (seconds to minutes), and play alone on a linear one. */
export function scaleCharts(points: readonly ScalePoint[], tasksPerHost: number): Record<keyof typeof CHART_FILES, string> | undefined {
  if (points.length === 0) return undefined;
  const series = (tools: readonly Tool[]) =>
    tools.map((t) => ({ name: TOOL_NAMES[t], color: COLORS[t], points: points.map((p) => [p.hosts, wall(p, t)] as const) }));
  return {
    all: lineChart({
      title: `No-op rerun of ${tasksPerHost} file tasks: wall time by number of hosts`,
      xLabel: 'hosts',
      yLabel: 'wall time (s, log scale)',
      yScale: 'log',
      series: series(['play', 'ansible-default', 'ansible-tuned']),
    }),
    play: lineChart({
      title: `play alone: ${tasksPerHost} no-op file tasks by number of hosts`,
      xLabel: 'hosts',
      yLabel: 'wall time (s)',
      yScale: 'linear',
      series: series(['play']),
    }),
  };
}

export function scaleTable(points: readonly ScalePoint[], tasksPerHost: number): string {
  if (points.length === 0) return '';
  const runs = (p: ScalePoint, t: Tool): number => p.samples[t]?.length ?? 0;
  const mb = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} MB` : 'n/a');
  const rows = points.map((p) => {
    const [pl, d, t] = [wall(p, 'play'), wall(p, 'ansible-default'), wall(p, 'ansible-tuned')];
    const rate = Number.isFinite(pl) ? Math.round((p.hosts * tasksPerHost) / pl).toString() : 'n/a';
    return `| ${p.hosts} | ${formatSeconds(pl)} | ${formatSeconds(d)} | ${formatRatio(d, pl)} | ${formatSeconds(t)} | ${formatRatio(t, pl)} | ${rate} | ${mb(peakRss(p, 'play'))} / ${mb(maxOf([peakRss(p, 'ansible-default'), peakRss(p, 'ansible-tuned')]))} | ${runs(p, 'play')} / ${runs(p, 'ansible-default')} / ${runs(p, 'ansible-tuned')} |`;
  });
  return [
    '| hosts | play | Ansible default | ratio | Ansible tuned | ratio | play host-tasks/s | peak RSS (play / Ansible) | runs (play / default / tuned) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n') + '\n';
}

/** The section of docs/performance.md; empty when scenario 6 did not run. */
export function scaleSection(results: readonly ScenarioResult[], tasksPerHost: number, ansibleDefaultUpTo: number): string {
  const points = scalePoints(results);
  if (points.length === 0) return '';
  return `## Wall time by number of hosts

Scenario 6: the no-op rerun of scenario 2 at ${points.map((p) => p.hosts).join(', ')} hosts (the 5- and
50-host points are scenarios 2 and 4 when they ran). play runs at every point as often as the other
scenarios; Ansible, which needs minutes per run at scale, runs up to 3 times at 5 hosts and once
beyond, and default Ansible (forks 5, about 3.5 s per host) only up to ${ansibleDefaultUpTo} hosts, so that the
whole benchmark fits in about 35 minutes. Medians:

${scaleTable(points, tasksPerHost)}
![wall time by number of hosts, play and Ansible](${CHART_FILES.all})

![play's wall time by number of hosts](${CHART_FILES.play})

`;
}
