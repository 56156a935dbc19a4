import { act, adoptTokenFromAddress, getJson, type Job } from './api.js';
import { h } from './dom.js';
import { fleetPage, follow, hostPage } from './fleet.js';
import './style.css';
import { closeStream, historyPage, runPage } from './runs.js';

/** The dashboard's pages, by address: #/fleet, #/host/NAME, #/run/ID, #/history?filters. */
const main = document.getElementById('page') as HTMLElement;
const queueBar = document.getElementById('queue') as HTMLElement;

async function route(): Promise<void> {
  const [page = 'fleet', arg = ''] = location.hash.replace(/^#\/?/, '').split('/');
  const [name = 'fleet', query = ''] = page.split('?');
  if (name !== 'run') closeStream();
  void refreshQueue();
  try {
    if (name === 'host') await hostPage(main, decodeURIComponent(arg));
    else if (name === 'run') await runPage(main, Number(arg));
    else if (name === 'history') await historyPage(main, new URLSearchParams(query));
    else await fleetPage(main);
  } catch (err) {
    main.replaceChildren(h('p', { class: 'error' }, String(err)));
  }
}

/** The queue bar (and the Fleet page with it) follows the server every 2 s. */
async function refreshQueue(): Promise<void> {
  const jobs = await getJson<Job[]>('/api/queue').catch(() => []);
  queueBar.replaceChildren(
    jobs.length ? 'Runs: ' : 'No run in progress.',
    ...jobs.map((j) =>
      h('span', { class: `job state-${j.state}`, 'data-testid': `job-${j.state}` }, j.runId ? h('a', { href: `#/run/${j.runId}` }, `#${j.runId}`) : `job ${j.id}`, ` ${j.kind} ${j.state}${j.waitingFor.length ? ` (waits for job ${j.waitingFor.join(', ')})` : ''} on ${j.hosts.join(', ')}`),
    ),
  );
}

function wire(id: string, run: () => Promise<Job>): void {
  (document.getElementById(id) as HTMLButtonElement).onclick = async () => {
    try {
      follow(await run());
    } catch (err) {
      alert(String(err));
    }
    await refreshQueue();
  };
}

adoptTokenFromAddress();
wire('scan', () => act('/api/scan'));
wire('verify-all', () => act('/api/verify'));
window.addEventListener('hashchange', () => void route());
window.addEventListener('play-run-ended', () => void refreshQueue());
void route();
void refreshQueue();
setInterval(() => {
  void refreshQueue();
  if (/^#?\/?(fleet)?$/.test(location.hash)) void fleetPage(main).catch(() => undefined);
}, 2000);
