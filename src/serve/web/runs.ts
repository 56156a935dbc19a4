import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { getJson } from './api.js';
import { h, when } from './dom.js';

interface RunRow {
  id: number;
  kind: string;
  command: string;
  user: string;
  startedAt: number;
  endedAt: number | null;
  status: string;
  changed: number;
  failed: number;
}
interface Line {
  event: string;
  host?: string;
  task?: string;
  status?: string;
  changed?: boolean;
  msg?: string | null;
  hosts?: Record<string, Record<string, number>>;
}

let stream: EventSource | undefined;
/** Leaving the Run page closes its stream. */
export function closeStream(): void {
  stream?.close();
  stream = undefined;
}

/** Run: the events as they happen (the same lines as --json), then the recap. */
export async function runPage(main: HTMLElement, id: number): Promise<void> {
  const { run } = await getJson<{ run: RunRow }>(`/api/runs/${id}`);
  const status = h('span', { 'data-testid': 'run-status' }, run.status);
  const events = h('div', { id: 'events', 'data-testid': 'events' });
  const recap = h('div', { 'data-testid': 'recap' });
  main.replaceChildren(h('h2', {}, `Run ${id} (${run.kind}) — `, status), h('p', {}, h('code', {}, run.command), ` by ${run.user}, ${when(run.startedAt)}`), events, recap);
  closeStream();
  stream = new EventSource(`/api/runs/${id}/stream`);
  stream.onmessage = (m: MessageEvent<string>) => {
    const e = JSON.parse(m.data) as Line;
    if (e.event === 'result') events.append(h('div', { class: `state-${e.status === 'ok' ? 'converged' : e.changed ? 'drifted' : (e.status ?? '')}` }, `${e.host} | ${e.status}${e.changed && e.status !== 'changed' ? ' (changed)' : ''} | ${e.task}`));
    else if (e.event === 'warning') events.append(h('div', { class: 'error' }, `warning: ${e.msg ?? ''}`));
    else if (e.event === 'recap') recap.replaceChildren(recapTable(e.hosts ?? {}));
  };
  stream.addEventListener('end', async () => {
    closeStream();
    const { run: done } = await getJson<{ run: RunRow }>(`/api/runs/${id}`);
    status.textContent = done.status;
    status.setAttribute('data-final', 'yes');
    window.dispatchEvent(new Event('play-run-ended'));
  });
}

function recapTable(hosts: Record<string, Record<string, number>>): HTMLElement {
  const cols = ['ok', 'changed', 'unreachable', 'failed', 'skipped'];
  return h('table', {}, h('tr', {}, h('th', {}, 'host'), ...cols.map((c) => h('th', {}, c))), ...Object.entries(hosts).map(([host, s]) => h('tr', {}, h('th', {}, host), ...cols.map((c) => h('td', {}, String(s[c] ?? 0))))));
}

/** History: filters, the runs, and the two charts. */
export async function historyPage(main: HTMLElement, query: URLSearchParams): Promise<void> {
  const runs = await getJson<RunRow[]>(`/api/runs?${query.toString()}`);
  const form = h('form', { class: 'filters' });
  form.innerHTML = '';
  const input = (name: string) => h('input', { name, placeholder: name, value: query.get(name) ?? '' });
  const box = (name: string, text: string) => {
    const c = h('input', { type: 'checkbox', name, value: '1' }) as HTMLInputElement;
    c.checked = query.get(name) === '1';
    return h('label', {}, c, ` ${text}`);
  };
  form.append(input('host'), input('role'), box('changed', 'changed only'), box('failed', 'failed'), h('button', { type: 'submit' }, 'Filter'));
  form.onsubmit = (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form as HTMLFormElement)) if (typeof v === 'string' && v) q.set(k, v);
    location.hash = `#/history?${q.toString()}`;
  };
  const rows = runs.map((r) =>
    h(
      'tr',
      { class: `state-${r.status === 'ok' ? 'converged' : r.status === 'running' ? 'running' : 'failed'}` },
      h('td', {}, h('a', { href: `#/run/${r.id}` }, String(r.id))),
      h('td', {}, when(r.startedAt)),
      h('td', {}, r.endedAt === null ? '-' : `${((r.endedAt - r.startedAt) / 1000).toFixed(1)} s`),
      h('td', {}, r.kind),
      h('td', {}, r.status),
      h('td', {}, String(r.changed)),
      h('td', {}, String(r.failed)),
      h('td', {}, h('code', {}, r.command)),
    ),
  );
  const head = h('tr', {}, ...['run', 'started', 'time', 'kind', 'status', 'changed', 'failed', 'command'].map((c) => h('th', {}, c)));
  const charts = h('div', { class: 'charts' });
  main.replaceChildren(h('h2', {}, 'History'), charts, form, h('table', { 'data-testid': 'history' }, head, ...rows));
  await drawCharts(charts);
}

interface Point {
  startedAt: number;
  seconds: number;
  drifted: number | null;
}

async function drawCharts(into: HTMLElement): Promise<void> {
  const points = await getJson<Point[]>('/api/charts');
  const x = points.map((p) => p.startedAt / 1000);
  const opts = (title: string, label: string, color: string): uPlot.Options => ({
    title,
    width: 480,
    height: 220,
    series: [{}, { label, stroke: color, points: { show: true } }],
  });
  const a = h('div', { 'data-testid': 'chart-duration' });
  const b = h('div', { 'data-testid': 'chart-drift' });
  into.append(a, b);
  new uPlot(opts('Run duration (s)', 'seconds', '#1b6ac9'), [x, points.map((p) => p.seconds)], a);
  const scans = points.filter((p) => p.drifted !== null);
  new uPlot(opts('Drifted cells per scan', 'cells', '#c98a1b'), [scans.map((p) => p.startedAt / 1000), scans.map((p) => p.drifted ?? 0)], b);
}
