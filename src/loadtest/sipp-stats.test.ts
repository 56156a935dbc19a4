import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCounts, parseScreen, parseSippCsv, parseSippRun, SippParseError, sippDurationMs } from './sipp-stats.js';

/** Files SIPp 3.6.1 wrote for two real runs of its built-in `uac` scenario. */
function fixture(name: 'answered' | 'unanswered') {
  const dir = path.join(import.meta.dirname, 'fixtures', name);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return { stat: read('stat.csv'), counts: read('counts.csv'), screen: read('screen.log') };
}

describe('SIPp statistics', () => {
  it('reads an answered run: 30 calls at 10 cps, 2 s each, against a UAS that answers', () => {
    const r = parseSippRun(fixture('answered'));
    expect(r).toMatchObject({
      attempted: 30,
      invites: 30,
      ringing: 30,
      answered: 30,
      successful: 30,
      failed: 0,
      failures: {},
      retransmissions: 0,
      timeouts: 0,
      unexpected: 0,
      peakConcurrent: 21,
      seconds: 5.01,
      callLengthMs: 2006,
      responseTimes: { '<10': 30 },
    });
    expect(r.failures).toEqual({});
    expect(r.steps.map((s) => s.message)).toEqual(['INVITE', '100', '180', '183', '200', 'ACK', 'Pause', 'BYE', '200']);
  });

  it("reads a run nobody answers, like the thesis': INVITEs retransmitted, then timed out", () => {
    const r = parseSippRun(fixture('unanswered'));
    expect(r).toMatchObject({
      attempted: 5,
      invites: 5,
      ringing: 0,
      answered: 0,
      successful: 0,
      failed: 5,
      retransmissions: 10,
      timeouts: 5,
      peakConcurrent: 5,
      seconds: 4.51,
      responseTimes: {},
    });
    // only the reasons: FailedCall itself is the total
    expect(r.failures).toEqual({ MaxUDPRetrans: 5 });
  });

  it('takes the 200 of the INVITE as the answer, not the 200 of the BYE', () => {
    const steps = parseCounts(fixture('answered').counts);
    expect(steps.find((s) => s.index === 8)).toEqual({ index: 8, message: '200', counters: { Recv: 30, Retrans: 0, Timeout: 0, Unexp: 0 } });
    const onlyBye = fixture('answered').counts.replace(/4_200_Recv/, '4_299_Recv');
    expect(parseSippRun({ ...fixture('answered'), counts: onlyBye }).answered).toBe(0);
  });

  it('falls back to the sampled statistics without a screen file', () => {
    const r = parseSippRun({ ...fixture('answered'), screen: '' });
    expect(r.peakConcurrent).toBe(21);
    expect(r.seconds).toBe(5);
  });

  it('keeps time stamps with tabs inside one field', () => {
    const rows = parseSippCsv(fixture('answered').stat);
    expect(rows).toHaveLength(7);
    expect(rows[0]?.['StartTime']).toBe('2026-12-01\t21:08:15.181431\t1796159295.181431');
    expect(rows.map((r) => r['CurrentCall'])).toEqual(['0', '9', '20', '21', '10', '0', '0']);
  });

  it('reads durations and the screen', () => {
    expect(sippDurationMs('00:00:02:006000')).toBe(2006);
    expect(sippDurationMs('01:02:03')).toBe(3_723_000);
    expect(() => sippDurationMs('soon')).toThrow(SippParseError);
    expect(parseScreen('  10.0(10000 ms)/1.000s   5060     126.51 s         1265  127.0.10.195:5060(UDP)\n  Peak was 316 calls, after 33 s')).toEqual({ peak: 316, seconds: 126.51 });
  });

  it('refuses files that are not what SIPp writes', () => {
    expect(() => parseSippRun({ stat: '', counts: '', screen: '' })).toThrow(SippParseError);
    const noOutgoing = fixture('answered').stat.replaceAll('OutgoingCall(C)', 'Outgoing');
    expect(() => parseSippRun({ ...fixture('answered'), stat: noOutgoing })).toThrow(/no column OutgoingCall\(C\)/);
  });
});
