import type { ScenarioResult, Tool } from './scenarios.js';
import { scalePoints } from './scale-report.js';
import { formatSeconds, median } from './stats.js';

/**
 * The performance targets against this run's measurements, one row each: met or not, and for a
 * target not met, where the traced run says the time went.
 */
interface Row {
  target: string;
  measured: string;
  met: boolean | undefined;
  why?: string;
}

const wall = (r: ScenarioResult | undefined, t: Tool): number => median((r?.samples[t] ?? []).map((s) => s.wall));
const peak = (samples: readonly { rssMb: number }[] | undefined): number => Math.max(...(samples ?? []).map((s) => s.rssMb).filter(Number.isFinite));
const check = (value: number, ok: (v: number) => boolean): boolean | undefined => (Number.isFinite(value) ? ok(value) : undefined);

export function targetRows(results: readonly ScenarioResult[]): Row[] {
  const r = (id: number): ScenarioResult | undefined => results.find((x) => x.id === id);
  const rows: Row[] = [];
  const r2 = r(2);
  const vsDefault = wall(r2, 'ansible-default') / wall(r2, 'play');
  const vsTuned = wall(r2, 'ansible-tuned') / wall(r2, 'play');
  rows.push({ target: 'no-op rerun (scenario 2) ≥ 20× faster than default Ansible', measured: `${vsDefault.toFixed(1)}×`, met: check(vsDefault, (v) => v >= 20) });
  rows.push({ target: 'no-op rerun (scenario 2) ≥ 5× faster than tuned Ansible', measured: `${vsTuned.toFixed(1)}×`, met: check(vsTuned, (v) => v >= 5) });
  const site = wall(r(3), 'play');
  rows.push({ target: 'site.yml no-op rerun (scenario 3) < 2 s', measured: formatSeconds(site), met: check(site, (v) => v < 2) });
  const r5 = r(5);
  const own = median(r5?.playOwn ?? []);
  const p5 = r5?.phases;
  rows.push({
    target: "per-role repair (scenario 5) < 1 s of play's own time",
    measured: formatSeconds(own),
    met: check(own, (v) => v < 1),
    ...(p5 ? { why: `start, load and connecting: ${Math.round(p5.connect)} ms of the traced run's ${Math.round(p5.wall)} ms pass before its first command (one host, one connection)` } : {}),
  });
  const r4 = r(4);
  const rate = r4 ? (r4.hosts * r4.tasksPerHost) / wall(r4, 'play') : NaN;
  const floor = median((r4?.floor ?? []).map((s) => s.wall));
  rows.push({
    target: `${r4?.hosts ?? 50} hosts × 20 tasks ≥ 1,000 host-tasks/s, cold`,
    measured: `${Math.round(rate)} host-tasks/s`,
    met: check(rate, (v) => v >= 1000),
    ...(Number.isFinite(floor) ? { why: `connecting alone (\`play exec -m ping\`, a fresh process) takes ${formatSeconds(floor)}, against a budget of ${formatSeconds((r4?.hosts ?? 50) * (r4?.tasksPerHost ?? 20) / 1000)} for the whole run` } : {}),
  });
  const rss50 = peak(r4?.samples.play);
  rows.push({ target: `controller peak RSS < 200 MB (scenario 4, ${r4?.hosts ?? 50} hosts)`, measured: `${Math.round(rss50)} MB`, met: check(rss50, (v) => v < 200) });
  const p200 = scalePoints(results).find((p) => p.hosts === 200);
  const rss200 = peak(p200?.samples.play);
  rows.push({ target: 'controller peak RSS < 300 MB at 200 hosts × 20 tasks', measured: `${Math.round(rss200)} MB`, met: check(rss200, (v) => v < 300) });
  return rows;
}

export function targetsTable(results: readonly ScenarioResult[]): string {
  const rows = targetRows(results).filter((x) => x.met !== undefined);
  if (rows.length === 0) return '';
  return [
    '| target | this run | met | what stops it (traced) |',
    '|---|---|---|---|',
    ...rows.map((x) => `| ${x.target} | ${x.measured} | ${x.met ? 'yes' : 'no'} | ${x.met ? '' : (x.why ?? '')} |`),
  ].join('\n') + '\n';
}
