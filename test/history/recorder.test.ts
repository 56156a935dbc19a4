import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistory, type HistoryDb } from '../../src/history/db.js';
import { RunRecorder } from '../../src/history/recorder.js';
import type { RunEvent } from '../../src/executor/events.js';

let dir = '';
let db: HistoryDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const events = (d: HistoryDb): number => (d.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
const warning = (n: number) => ({ type: 'warning' as const, message: `w${n}` });
const result = (host: string): RunEvent => ({
  type: 'result', play: 'p', task: 't', action: 'file', role: null, host, item: null, status: 'ok', changed: false, msg: null, diff: null,
  ignored: false, result: {}, show: false, commands: [], sent: [], delegatedTo: null,
});

describe('the run recorder', () => {
  it('commits the results of one turn of the event loop together, in order; other events at once', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'play-recorder-'));
    db = openHistory(path.join(dir, 'h.sqlite'));
    const r = new RunRecorder(db, { kind: 'run', command: 'play run x.yml', check: false, user: 'u' });
    for (let i = 0; i < 4; i++) r.observe(result(`h${i}`));
    expect(events(db)).toBe(0); // not one transaction per result
    await new Promise((resolve) => setImmediate(resolve));
    expect(events(db)).toBe(4);
    r.observe(result('h9'));
    r.observe(warning(1));
    expect(events(db)).toBe(6);
    const seqs = db.prepare('SELECT seq, line FROM events ORDER BY seq').all() as { seq: number; line: string }[];
    expect(seqs.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(JSON.parse(seqs[5]?.line ?? '{}')).toMatchObject({ event: 'warning', msg: 'w1' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 5 });
  });

  it('writes what is waiting when the run ends or is interrupted, before the end', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'play-recorder-'));
    db = openHistory(path.join(dir, 'h.sqlite'));
    const r = new RunRecorder(db, { kind: 'run', command: 'play run x.yml', check: false, user: 'u' });
    r.observe(result('h1'));
    r.interrupt();
    expect(events(db)).toBe(1);
    expect(db.prepare('SELECT status FROM runs').get()).toEqual({ status: 'interrupted' });
    r.observe(warning(2));
    expect(events(db)).toBe(1); // nothing after the end
  });
});
