import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../src/history/db.js';
import { getRun, runEvents } from '../../src/history/queries.js';
import { JobQueue, type JobSpec } from '../../src/serve/jobs.js';

/** A job that runs until released, emitting one result event for each of its hosts. */
function gated(hosts: string[], kind: JobSpec['kind'] = 'repair'): { spec: JobSpec; release: (code?: number) => void } {
  let release: (code?: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (release = (code = 0) => resolve(code)));
  const spec: JobSpec = {
    kind,
    command: `play run site.yml --limit ${hosts.join(',')}`,
    check: false,
    hosts,
    work: async (_signal, observe) => {
      for (const host of hosts) {
        observe({ type: 'result', play: 'p', task: 't', action: 'copy', role: 'r', host, item: null, status: 'ok', changed: false, msg: null, diff: null, ignored: false, result: {}, show: false, commands: [], sent: [], delegatedTo: null });
      }
      return done;
    },
  };
  return { spec, release: (code) => release(code) };
}

const queueIn = (): JobQueue => new JobQueue(openHistory(path.join(mkdtempSync(path.join(os.tmpdir(), 'play-jobs-')), 'h.sqlite')));

describe('the dashboard queue: one run per host, first come first served', () => {
  it('runs jobs on disjoint hosts at once, and holds one that shares a host until it is free', async () => {
    const q = queueIn();
    const a = gated(['h1', 'h2']);
    const b = gated(['h3']);
    const c = gated(['h2']);
    q.submit(a.spec);
    q.submit(b.spec);
    q.submit(c.spec);
    expect(q.list().map((j) => [j.hosts.join(','), j.state])).toEqual([
      ['h1,h2', 'running'],
      ['h3', 'running'],
      ['h2', 'queued'],
    ]);
    expect(q.list()[2]?.waitingFor).toEqual([q.list()[0]?.id]);
    a.release();
    await new Promise<void>((r) => q.live.once('change', () => r()));
    expect(q.list().map((j) => [j.hosts.join(','), j.state])).toEqual([
      ['h3', 'running'],
      ['h2', 'running'],
    ]);
    b.release();
    c.release(2);
    await q.idle();
    expect(q.list()).toEqual([]);
  });

  it('does not let a later job jump an earlier queued one that wants the same host', () => {
    const q = queueIn();
    q.submit(gated(['h1']).spec);
    q.submit(gated(['h1', 'h2']).spec);
    // h2 is free, but the job before it waits for h2 too
    q.submit(gated(['h2']).spec);
    expect(q.list().map((j) => j.state)).toEqual(['running', 'queued', 'queued']);
  });

  it('records each run with its events, and stopping the server marks running runs interrupted', async () => {
    const db = openHistory(path.join(mkdtempSync(path.join(os.tmpdir(), 'play-jobs-')), 'h.sqlite'));
    const q = new JobQueue(db);
    const ok = gated(['h1']);
    const job = q.submit(ok.spec);
    ok.release(0);
    await q.idle();
    expect(getRun(db, job.runId ?? 0)).toMatchObject({ status: 'ok', kind: 'repair' });
    expect(runEvents(db, job.runId ?? 0)).toHaveLength(1);

    const hanging = q.submit(gated(['h1']).spec);
    q.shutdown();
    expect(getRun(db, hanging.runId ?? 0)?.status).toBe('interrupted');
  });
});
