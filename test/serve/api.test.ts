import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, parseEvery } from '../../src/serve/command.js';
import { makeFixtureProject } from './fixture-project.js';
import { CLI, startServe, type Served } from './serve-process.js';

interface RunRow {
  id: number;
  kind: string;
  status: string;
}
interface Job {
  id: number;
  state: string;
  runId: number | null;
  waitingFor: number[];
}

/** A project whose `slow` role sleeps even in check mode: a scan or repair of it lasts. */
function slowProject(): string {
  const p = makeFixtureProject();
  writeFileSync(path.join(p.dir, 'slow.yml'), '- hosts: web\n  gather_facts: false\n  roles: [slow]\n');
  spawnSync('mkdir', ['-p', path.join(p.dir, 'roles', 'slow', 'tasks')]);
  writeFileSync(path.join(p.dir, 'roles', 'slow', 'tasks', 'main.yml'), '- name: takes its time\n  command: sleep 30\n  check_mode: false\n  changed_when: false\n');
  return p.dir;
}

let served: Served | undefined;
afterEach(async () => {
  await served?.stop('SIGKILL');
  served = undefined;
});

/** Waits (by polling, no time bound of its own) until `probe` holds. */
async function until(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((r) => setTimeout(r, 100));
}

describe('play serve: the API refuses what it must', () => {
  it('prints the token once, keeps it 0600, and refuses an action without it', async () => {
    const p = makeFixtureProject();
    served = await startServe(p.dir);
    expect(served.token).toBeDefined();
    const tokenFile = path.join(p.dir, '.play', 'serve-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);

    expect((await served.post('/api/scan')).status).toBe(401);
    expect((await served.post('/api/scan', {}, { 'x-play-token': 'wrong' })).status).toBe(401);
    const ok = await served.post('/api/scan', {}, { 'x-play-token': served.token ?? '' });
    expect(ok.status).toBe(200);
    // reading needs no token
    expect((await fetch(new URL('/api/fleet', served.url))).status).toBe(200);
    await served.stop();

    // a second start does not show it again
    served = await startServe(p.dir);
    expect(served.token).toBeUndefined();
    expect(served.stdout()).toMatch(/action token: in .*serve-token/);
  }, 60_000);

  it('refuses a cross-origin POST, and a foreign Host header, even with the token', async () => {
    served = await startServe(makeFixtureProject().dir);
    const token = served.token ?? '';
    expect((await served.post('/api/scan', {}, { 'x-play-token': token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await served.post('/api/scan', {}, { 'x-play-token': token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // fetch will not send another Host: a plain request does, as a rebound name would
    const rebinding = await new Promise<number>((resolve, reject) => {
      http.get(new URL('/api/fleet', served?.url), { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(rebinding).toBe(421);
    const same = await served.post('/api/scan', {}, { 'x-play-token': token, origin: served.url.replace(/\/$/, '') });
    expect(same.status).toBe(200);
  }, 60_000);

  it('binds to loopback only, unless --allow-remote', () => {
    const p = makeFixtureProject();
    const r = spawnSync(process.execPath, [CLI, 'serve', '--bind', '0.0.0.0', '--port', '0'], { cwd: p.dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--bind 0\.0\.0\.0 is not a loopback address.*\n?.*--allow-remote/);
    expect(['127.0.0.1', '127.3.4.5', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', '192.168.0.10', '127.0.0.1.example'].some(isLoopback)).toBe(false);
    expect(parseEvery('15m')).toBe(900_000);
    expect(() => parseEvery('often')).toThrow(/not a duration/);
  });

  it('queues a second scan while the first runs, and shows the queue', async () => {
    served = await startServe(slowProject(), ['--playbook', 'slow.yml']);
    const headers = { 'x-play-token': served.token ?? '' };
    const [a, b] = await Promise.all([served.post('/api/scan', {}, headers), served.post('/api/scan', {}, headers)]);
    const first = a.json.job as Job;
    const second = b.json.job as Job;
    expect([first.state, second.state].sort()).toEqual(['queued', 'running']);
    const queue = await served.get<Job[]>('/api/queue');
    expect(queue.map((j) => j.state)).toEqual(['running', 'queued']);
    expect(queue[1]?.waitingFor).toEqual([queue[0]?.id]);
    // a repair of one host waits too: the scan holds every host
    const repair = await served.post('/api/repair', { host: 'web1', role: 'slow' }, headers);
    expect((repair.json.job as Job).state).toBe('queued');
  }, 60_000);

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`a run killed half-way (${signal} to the server) is recorded as interrupted`, async () => {
      const dir = slowProject();
      served = await startServe(dir, ['--playbook', 'slow.yml']);
      const { json } = await served.post('/api/repair', { host: 'web1', role: 'slow' }, { 'x-play-token': served.token ?? '' });
      const runId = (json.job as Job).runId;
      await until(async () => (await served?.get<{ run: RunRow; events: unknown[] }>(`/api/runs/${runId}`))?.run.status === 'running');
      await served.stop(signal);
      // the next start reads the same history: the run is interrupted (SIGKILL: its pid is gone)
      served = await startServe(dir, ['--playbook', 'slow.yml']);
      const runs = await served.get<RunRow[]>('/api/runs');
      expect(runs.find((r) => r.id === runId)).toMatchObject({ kind: 'repair', status: 'interrupted' });
    }, 60_000);
  }

  it('refuses a repair of a cell that does not exist', async () => {
    served = await startServe(makeFixtureProject().dir);
    const r = await served.post('/api/repair', { host: 'web1', role: 'nope' }, { 'x-play-token': served.token ?? '' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/host web1 has no role "nope"/);
  }, 60_000);

  it('scans on its own with --drift-every, recorded like a scan from the button', async () => {
    const p = makeFixtureProject();
    served = await startServe(p.dir, ['--drift-every', '10s']);
    const scans = async (): Promise<(RunRow & { command: string })[]> =>
      (await served?.get<(RunRow & { command: string })[]>('/api/runs'))?.filter((r) => r.kind === 'scan' && r.status !== 'running') ?? [];
    // no request was made: two scans come from the schedule (every 10 s, the shortest it takes)
    await until(async () => (await scans()).length >= 2);
    const done = (await scans()).slice(0, 2);
    expect(done.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(done.every((r) => r.command === 'play run site.yml --check --diff')).toBe(true);
  }, 120_000);
});

