import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ramp } from './ramp.js';
import { answerTimes, problemsOf, rampTable, rampVerdict, thesisComparison } from './report.js';
import { parseSippRun, type SippResult } from './sipp-stats.js';
import type { SippLoad, SippRun } from './sipp.js';

function fixture(name: 'answered' | 'unanswered'): SippResult {
  const dir = path.join(import.meta.dirname, 'fixtures', name);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return parseSippRun({ stat: read('stat.csv'), counts: read('counts.csv'), screen: read('screen.log') });
}

const BASE = { target: '127.0.10.195', port: 5060, source: '127.0.10.240', sourcePort: 5060, extension: '8000', callMs: 1000 };

function runOf(load: SippLoad, result: SippResult): SippRun {
  return { load, args: [], exitCode: 0, result, errors: [], loadBefore: 1.5, loadAfter: 2.25 };
}

/** A PBX that answers every call below `limit` calls/s and nothing at or above it. */
function pbxFailingAt(limit: number, tried: number[]) {
  return async (load: SippLoad): Promise<SippRun> => {
    tried.push(load.rate);
    const n = load.calls;
    const result = load.rate < limit ? { ...fixture('answered'), attempted: n, answered: n, successful: n } : fixture('unanswered');
    return runOf(load, result);
  };
}

describe('load-test report', () => {
  it('finds nothing wrong with a run where every call was answered and completed', () => {
    expect(problemsOf(fixture('answered'), 30)).toEqual([]);
  });

  it("lists everything wrong with a run like the thesis'", () => {
    expect(problemsOf(fixture('unanswered'), 5)).toEqual(['5 unanswered', '5 failed (MaxUDPRetrans 5)', '10 retransmissions', '5 timeouts']);
    expect(problemsOf(fixture('answered'), 31)).toEqual(['30 of 31 calls started']);
    expect(problemsOf({ ...fixture('answered'), successful: 29 }, 30)).toEqual(['1 not completed']);
  });

  it('puts the run next to the thesis', () => {
    const text = thesisComparison(runOf({ ...BASE, rate: 10, callMs: 2000, calls: 30 }, fixture('answered')));
    expect(text.split('\n')).toContain('| answered (200 OK) | 0 | 30 |');
    expect(text.split('\n')).toContain('| timeouts | 949 | 0 |');
    expect(text.split('\n')).toContain('| peak concurrent calls | 316 | 21 |');
    expect(text.split('\n')).toContain('| load | 10 calls/s, 10 s calls | 10 calls/s, 2 s calls |');
  });

  it('describes answer times by SIPp bucket', () => {
    expect(answerTimes(fixture('answered'))).toBe('<10 ms: 30');
    expect(answerTimes(fixture('unanswered'))).toBe('none answered');
  });
});

describe('ramp', () => {
  it('stops at the first rate with problems and names it', async () => {
    const tried: number[] = [];
    const steps = await ramp(BASE, { rates: [10, 20, 50, 100], stepSeconds: 3, settleMs: 0, run: pbxFailingAt(50, tried) });
    expect(tried).toEqual([10, 20, 50]);
    expect(steps.map((s) => s.problems.length === 0)).toEqual([true, true, false]);
    expect(rampVerdict(steps)).toBe(
      'clean up to 20 calls/s; first problems at 50 calls/s: 5 of 150 calls started; 5 unanswered; 5 failed (MaxUDPRetrans 5); 10 retransmissions; 5 timeouts.',
    );
    const rows = rampTable(steps).split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[2]).toBe('| 10 | 30 | 5.01 | 30 | 0 | 0 | 0 | 21 | <10 ms: 30 | 1.50 / 2.25 | clean |');
  });

  it('says so when no step fails', async () => {
    const steps = await ramp(BASE, { rates: [10, 20], stepSeconds: 3, settleMs: 0, run: pbxFailingAt(1000, []) });
    expect(rampVerdict(steps)).toBe('clean up to 20 calls/s; no step had problems.');
  });

  it('runs a step again when Asterisk restarted during it, and says so', async () => {
    const tried: number[] = [];
    const restarts: number[] = [];
    // the first run of 20 calls/s sees Asterisk up for 2 s only (it restarted mid-run), and fails
    const flaky = async (load: SippLoad): Promise<SippRun> => {
      tried.push(load.rate);
      const n = load.calls;
      if (load.rate === 20 && restarts.length === 0) return { ...runOf(load, fixture('unanswered')), pbxUptimeS: 2 };
      return { ...runOf(load, { ...fixture('answered'), attempted: n, answered: n, successful: n }), pbxUptimeS: 600 };
    };
    const steps = await ramp(BASE, { rates: [10, 20], stepSeconds: 3, settleMs: 0, run: flaky, onRestart: (r) => restarts.push(r.load.rate) });
    expect(tried).toEqual([10, 20, 20]);
    expect(restarts).toEqual([20]);
    expect(rampVerdict(steps)).toBe('clean up to 20 calls/s; no step had problems.');
    // a restart that persists is shown, not hidden
    const always = async (load: SippLoad): Promise<SippRun> => ({ ...runOf(load, fixture('unanswered')), pbxUptimeS: 1 });
    const bad = await ramp(BASE, { rates: [10], stepSeconds: 3, settleMs: 0, run: always, restartRetries: 1 });
    expect(rampTable(bad).split('\n')[2]).toContain('| Asterisk down or restarted during the step; 5 of 30 calls started;');
    expect(rampVerdict(bad)).toBe('no clean step; at 10 calls/s Asterisk was down or restarted: no result from there on.');
  });

  it('goes on past retransmissions to the first failed call when asked', async () => {
    const tried: number[] = [];
    const retransmitting = async (load: SippLoad): Promise<SippRun> => {
      tried.push(load.rate);
      if (load.rate >= 100) return runOf(load, fixture('unanswered'));
      const n = load.calls;
      return runOf(load, { ...fixture('answered'), attempted: n, answered: n, successful: n, retransmissions: load.rate >= 20 ? 3 : 0 });
    };
    const steps = await ramp(BASE, { rates: [10, 20, 50, 100, 200], stepSeconds: 3, settleMs: 0, stopOn: 'failure', run: retransmitting });
    expect(tried).toEqual([10, 20, 50, 100]);
    expect(steps.map((s) => s.problems)).toEqual([[], ['3 retransmissions'], ['3 retransmissions'], expect.arrayContaining(['5 failed (MaxUDPRetrans 5)'])]);
    // the verdict is about the first problem, not the first failure
    expect(rampVerdict(steps)).toBe('clean up to 10 calls/s; first problems at 20 calls/s: 3 retransmissions.');
  });
});
