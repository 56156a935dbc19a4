import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/db.js';
import { MIGRATIONS } from '../../src/history/migrations.js';
import { fleetCells, listRuns } from '../../src/history/queries.js';
import { makeFixtureProject } from '../serve/fixture-project.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'play.js');

function play(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const historyFile = (dir: string): string => path.join(dir, '.play', 'history.sqlite');

describe('play run records into .play/history.sqlite', () => {
  it('records each run with its events and recap; play history filters them', () => {
    const p = makeFixtureProject();
    expect(play(p.dir, 'run', 'site.yml').code).toBe(0);
    writeFileSync(p.file('web2', 'app'), '# app for web2\nlisten = 9090\nworkers = 4\n');
    expect(play(p.dir, 'run', 'site.yml', '--check', '--diff').code).toBe(0);
    expect(play(p.dir, 'run', 'site.yml', '--check', '--no-record').code).toBe(0);

    const db = openHistory(historyFile(p.dir));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const runs = listRuns(db);
    expect(runs.map((r) => [r.command, r.status, r.check])).toEqual([
      ['play run site.yml --check --diff', 'ok', true],
      ['play run site.yml', 'ok', false],
    ]);
    const recap = db.prepare<[], { recap: string }>('SELECT recap FROM runs ORDER BY id DESC LIMIT 1').get();
    expect(JSON.parse(recap?.recap ?? '{}')).toMatchObject({ event: 'recap', hosts: { web2: { changed: 1 } } });
    const cells = fleetCells(db);
    expect(cells.find((c) => c.host === 'web2' && c.role === 'app')).toMatchObject({ state: 'drifted', changes: 1 });
    expect(cells.find((c) => c.host === 'web1' && c.role === 'app')).toMatchObject({ state: 'converged' });
    db.close();

    const changed = play(p.dir, 'history', '--changed', '--host', 'web2', '--role', 'app');
    expect(changed.stdout.split('\n').filter((l) => /^\d/.test(l))).toHaveLength(2);
    const onWeb1 = play(p.dir, 'history', '--changed', '--host', 'web1', '--role', 'app');
    expect(onWeb1.stdout.split('\n').filter((l) => /^\d/.test(l))).toHaveLength(1);
    expect(play(p.dir, 'history', '--failed').stdout).toMatch(/no recorded run matches/);
  }, 120_000);

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`a run killed half-way (${signal}) is recorded as interrupted and the database stays readable`, async () => {
      const p = makeFixtureProject();
      writeFileSync(path.join(p.dir, 'slow.yml'), '- hosts: web\n  gather_facts: false\n  tasks:\n    - name: first\n      command: "true"\n    - name: long\n      command: sleep 20\n');
      const child = spawn(process.execPath, [CLI, 'run', 'slow.yml'], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // killed once it is inside the long task: the first task's results are recorded by then
      await new Promise<void>((resolve) => {
        const tick = setInterval(() => {
          if (!/TASK \[long\]/.test(out)) return;
          clearInterval(tick);
          resolve();
        }, 50);
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill(signal);
      await exited;

      const raw = new Database(historyFile(p.dir), { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
      // SIGTERM: marked on the way out; SIGKILL: the next open finds the dead pid
      const db = openHistory(historyFile(p.dir));
      const [run] = listRuns(db);
      expect(run?.status).toBe('interrupted');
      expect(db.prepare('SELECT COUNT(*) AS n FROM results WHERE task = ?').get('first')).toEqual({ n: 2 });
      db.close();
    }, 60_000);
  }
});
