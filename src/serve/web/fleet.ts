import { act, getJson, type Job } from './api.js';
import { diffBlock, h, when } from './dom.js';

interface Cell {
  host: string;
  role: string;
  state: string;
  changes: number;
  runId: number;
  checkedAt: number;
}
interface Fleet {
  roles: string[];
  groups: { name: string; hosts: { name: string; cells: Cell[] }[] }[];
  queue: Job[];
}

const label = (c: Cell): string =>
  c.state === 'drifted' ? `drifted (${c.changes} change${c.changes === 1 ? '' : 's'})` : c.state === 'not-checked' ? 'not checked' : c.state;

/** A job was accepted: follow its run when it started, else stay (the queue bar shows it waiting). */
export function follow(job: Job): void {
  if (job.runId !== null) location.hash = `#/run/${job.runId}`;
}

/** Fleet: hosts × roles per inventory group, each cell's last known state. */
export async function fleetPage(main: HTMLElement): Promise<void> {
  const fleet = await getJson<Fleet>('/api/fleet');
  const busy = new Set(fleet.queue.flatMap((j) => j.hosts));
  main.replaceChildren(h('h2', {}, 'Fleet'));
  for (const g of fleet.groups) {
    const roles = fleet.roles.filter((r) => g.hosts.some((host) => host.cells.some((c) => c.role === r)));
    const head = h('tr', {}, h('th', {}, g.name), ...roles.map((r) => h('th', {}, r)));
    const rows = g.hosts.map((host) =>
      h(
        'tr',
        {},
        h('th', {}, h('a', { href: `#/host/${encodeURIComponent(host.name)}` }, host.name)),
        ...roles.map((role) => {
          const c = host.cells.find((x) => x.role === role);
          if (!c) return h('td', {});
          const td = h('td', { class: `cell state-${c.state}`, 'data-testid': `cell-${c.host}-${c.role}`, 'data-state': c.state }, label(c), h('span', { class: 'when' }, `checked ${when(c.checkedAt)}`));
          if (c.state === 'drifted' || c.state === 'failed') {
            const b = h('button', { 'data-testid': `repair-${c.host}-${c.role}` }, 'Repair') as HTMLButtonElement;
            b.disabled = busy.has(c.host);
            b.onclick = async () => follow(await act('/api/repair', { host: c.host, role: c.role }));
            td.append(' ', b);
          }
          return td;
        }),
      ),
    );
    main.append(h('table', { 'data-testid': `group-${g.name}` }, head, ...rows));
  }
}

interface HostData {
  host: string;
  roles: (Cell & { results: { task: string; status: string; changed: boolean; diff: string }[] })[];
  verify: { run: { id: number; status: string; startedAt: number }; results: { task: string; status: string }[] } | null;
}

/** Host: each role's drift as unified diffs, and the last verify results. */
export async function hostPage(main: HTMLElement, host: string): Promise<void> {
  const data = await getJson<HostData>(`/api/hosts/${encodeURIComponent(host)}`);
  const verify = h('button', { 'data-testid': 'verify-host' }, `Verify ${host}`);
  verify.onclick = async () => follow(await act('/api/verify', { host }));
  main.replaceChildren(h('h2', {}, `Host ${host} `, verify));
  for (const r of data.roles) {
    const section = h('section', { 'data-testid': `role-${r.role}` }, h('h3', { class: `state-${r.state}` }, `${r.role}: ${label(r)} — checked ${when(r.checkedAt)}`));
    if (r.state === 'drifted' || r.state === 'failed') {
      const b = h('button', { 'data-testid': `repair-${host}-${r.role}` }, `Repair ${r.role}`);
      b.onclick = async () => follow(await act('/api/repair', { host, role: r.role }));
      section.append(b);
    }
    for (const res of r.results) {
      section.append(h('div', {}, `${res.status}: ${res.task}`));
      if (res.diff) section.append(diffBlock(res.diff));
    }
    main.append(section);
  }
  main.append(h('h3', {}, 'Last verify'));
  if (!data.verify) main.append(h('p', {}, 'never verified'));
  else {
    const v = data.verify;
    main.append(
      h('p', { 'data-testid': 'verify-status' }, h('a', { href: `#/run/${v.run.id}` }, `run ${v.run.id}`), `: ${v.run.status}, ${when(v.run.startedAt)}`),
      h('table', {}, ...v.results.map((x) => h('tr', { class: `state-${x.status === 'ok' ? 'converged' : x.status}` }, h('td', {}, x.status), h('td', {}, x.task)))),
    );
  }
}
