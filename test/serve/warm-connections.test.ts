/**
 * `play serve` keeps SSH connections open between runs: a second drift scan of the same hosts
 * opens no new connection (counted in sshd's log, not timed). The timings of a cold CLI scan and
 * of the server's first and second scans go to stderr (docs/dashboard.md quotes a run).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdSkipReason, type Sshd } from '../ssh/sshd-fixture.js';
import { CLI, startServe, type Served } from './serve-process.js';

const HOSTS = 5;

interface RunRow {
  id: number;
  kind: string;
  status: string;
  startedAt: number;
  endedAt: number | null;
}

describe.skipIf(sshdSkipReason !== undefined)('play serve keeps SSH connections warm between runs', () => {
  const daemons: Sshd[] = [];
  let dir: string;
  let served: Served | undefined;

  beforeAll(async () => {
    for (let i = 0; i < HOSTS; i++) daemons.push(await startSshd());
    dir = mkdtempSync(path.join(os.tmpdir(), 'play-serve-warm-'));
    const lines = daemons.map((d, i) => {
      const root = path.join(dir, 'hosts', `h${i + 1}`);
      mkdirSync(root, { recursive: true });
      return `h${i + 1} ansible_host=${d.address} ansible_port=${d.port} ansible_user=${d.user} ansible_ssh_private_key_file=${d.clientKeyFile} play_known_hosts_file=${d.knownHostsFile} host_root=${root}`;
    });
    writeFileSync(path.join(dir, 'inventory.ini'), `[fleet]\n${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, 'play.config.yml'), 'inventory: inventory.ini\nroles_path: [roles]\n');
    writeFileSync(path.join(dir, 'site.yml'), '- hosts: fleet\n  gather_facts: false\n  roles: [conf]\n');
    mkdirSync(path.join(dir, 'roles', 'conf', 'tasks'), { recursive: true });
    writeFileSync(
      path.join(dir, 'roles', 'conf', 'tasks', 'main.yml'),
      Array.from({ length: 5 }, (_, i) => `- name: file ${i}\n  copy: { dest: "{{ host_root }}/f${i}.conf", content: "n = ${i}\\n" }\n`).join(''),
    );
    const converge = spawnSync(process.execPath, [CLI, 'run', 'site.yml', '--no-record'], { cwd: dir, encoding: 'utf8' });
    expect(converge.status, converge.stdout + converge.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
    await Promise.all(daemons.map((d) => d.stop()));
  });

  const accepted = (): number => daemons.reduce((n, d) => n + d.count(/Accepted publickey for /), 0);

  it('a second scan opens no connection; the first opens one per host', async () => {
    const t0 = Date.now();
    const cli = spawnSync(process.execPath, [CLI, 'run', 'site.yml', '--check', '--diff', '--no-record'], { cwd: dir, encoding: 'utf8' });
    const cliMs = Date.now() - t0;
    expect(cli.status).toBe(0);

    served = await startServe(dir);
    const before = accepted();
    const scan = async (): Promise<RunRow> => {
      const r = await served?.post('/api/scan', {}, { 'x-play-token': served.token ?? '' });
      const runId = (r?.json.job as { runId: number }).runId;
      for (;;) {
        const { run } = (await served?.get<{ run: RunRow }>(`/api/runs/${runId}`)) ?? { run: undefined };
        if (run && run.status !== 'running') return run;
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    const cold = await scan();
    const afterCold = accepted();
    const warm = await scan();
    const warm2 = await scan();
    expect([cold.status, warm.status, warm2.status]).toEqual(['ok', 'ok', 'ok']);
    expect(afterCold - before).toBe(HOSTS);
    expect(accepted()).toBe(afterCold);

    const ms = (r: RunRow): number => (r.endedAt ?? 0) - r.startedAt;
    const { events } = (await served.get<{ events: { event: string; round_trips?: Record<string, number> }[] }>(`/api/runs/${warm.id}`)) ?? { events: [] };
    const trips = Object.values(events.find((e) => e.event === 'recap')?.round_trips ?? {}).reduce((a, b) => a + b, 0);
    process.stderr.write(
      `\n[warm connections] ${HOSTS} hosts over SSH, drift scan: CLI process ${cliMs} ms; server cold ${ms(cold)} ms; server warm ${ms(warm)} ms, ${ms(warm2)} ms; ${trips} round trips a scan\n`,
    );
  }, 120_000);
});
