/**
 * What a load test found, in words and Markdown tables: one run next to the thesis' numbers,
 * and the steps of a ramp up to the first rate at which the PBX fails.
 */
import type { SippResult } from './sipp-stats.js';
import { pbxRestarted, type SippRun } from './sipp.js';

/** The thesis' SIPp run against VIRTUAL1 (chapter 4.6 and its screenshot). */
export const THESIS = {
  rate: 10,
  callSeconds: 10,
  invites: 1265,
  seconds: 126.51,
  ringing: 0,
  answered: 0,
  timeouts: 949,
  peakConcurrent: 316,
} as const;

/**
 * Everything that makes a run less than clean: calls not started, not answered, failed,
 * retransmitted or timed out messages, unexpected messages. Empty: every call was answered
 * and completed without a single retransmission.
 */
export function problemsOf(r: SippResult, expectedCalls: number): string[] {
  const problems: string[] = [];
  if (r.attempted !== expectedCalls) problems.push(`${r.attempted} of ${expectedCalls} calls started`);
  if (r.answered !== r.attempted) problems.push(`${r.attempted - r.answered} unanswered`);
  if (r.failed > 0) {
    const why = Object.entries(r.failures).map(([k, n]) => `${k} ${n}`).join(', ');
    problems.push(`${r.failed} failed${why ? ` (${why})` : ''}`);
  }
  if (r.successful !== r.attempted && r.failed === 0) problems.push(`${r.attempted - r.successful} not completed`);
  if (r.retransmissions > 0) problems.push(`${r.retransmissions} retransmissions`);
  if (r.timeouts > 0) problems.push(`${r.timeouts} timeouts`);
  if (r.unexpected > 0) problems.push(`${r.unexpected} unexpected messages`);
  return problems;
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

/** SIPp's answer-time buckets in words: "<10 ms: 1265" or "<10 ms: 900, <20 ms: 365". */
export function answerTimes(r: SippResult): string {
  const parts = Object.entries(r.responseTimes).map(([bucket, n]) => `${bucket} ms: ${n}`);
  return parts.length === 0 ? 'none answered' : parts.join(', ');
}

/** The run next to the thesis' run, as a Markdown table. */
export function thesisComparison(run: SippRun): string {
  const r = run.result;
  const rows: [string, string, string][] = [
    ['load', `${THESIS.rate} calls/s, ${THESIS.callSeconds} s calls`, `${run.load.rate} calls/s, ${run.load.callMs / 1000} s calls`],
    ['calls attempted (INVITEs sent)', String(THESIS.invites), `${r.attempted} (${r.invites})`],
    ['ringing (180)', String(THESIS.ringing), `${r.ringing} (the PBX answers at once)`],
    ['answered (200 OK)', String(THESIS.answered), String(r.answered)],
    ['completed (SIPp "successful call")', '0', String(r.successful)],
    ['failed', '949 timed out, 316 still unanswered at the end', r.failed === 0 ? '0' : `${r.failed} (${Object.entries(r.failures).map(([k, n]) => `${k} ${n}`).join(', ')})`],
    ['timeouts', String(THESIS.timeouts), String(r.timeouts)],
    ['retransmissions', 'not reported', String(r.retransmissions)],
    ['unexpected messages', 'not reported', String(r.unexpected)],
    ['peak concurrent calls', String(THESIS.peakConcurrent), String(r.peakConcurrent)],
    ['duration', `${THESIS.seconds} s`, `${fixed(r.seconds, 2)} s`],
    ['INVITE → 200 OK', 'none answered', answerTimes(r)],
    ['mean call length', 'none answered', `${fixed(r.callLengthMs / 1000, 2)} s`],
  ];
  return table(['', 'thesis (2011)', 'this lab'], rows);
}

export interface RampStep {
  run: SippRun;
  problems: string[];
}

/** The ramp's steps as a Markdown table, one row per rate. */
export function rampTable(steps: RampStep[]): string {
  return table(
    ['calls/s', 'calls', 'run (s)', 'answered', 'failed', 'retransmissions', 'timeouts', 'peak concurrent', 'INVITE → 200 OK', 'load avg (1 min) before/after', 'verdict'],
    steps.map(({ run, problems }) => {
      const r = run.result;
      return [
        String(run.load.rate),
        String(r.attempted),
        fixed(r.seconds, 2),
        String(r.answered),
        String(r.failed),
        String(r.retransmissions),
        String(r.timeouts),
        String(r.peakConcurrent),
        answerTimes(r),
        `${fixed(run.loadBefore, 2)} / ${fixed(run.loadAfter, 2)}`,
        (pbxRestarted(run) ? 'Asterisk down or restarted during the step; ' : '') + (problems.length === 0 ? 'clean' : problems.join('; ')),
      ];
    }),
  );
}

/** One sentence: the highest rate below the first problem, and the first problem. */
export function rampVerdict(steps: RampStep[]): string {
  const at = steps.findIndex((s) => s.problems.length > 0);
  const clean = (at < 0 ? steps : steps.slice(0, at)).map((s) => s.run.load.rate);
  const best = clean.length > 0 ? `clean up to ${Math.max(...clean)} calls/s` : 'no clean step';
  const failing = steps[at];
  if (!failing) return `${best}; no step had problems.`;
  if (pbxRestarted(failing.run)) return `${best}; at ${failing.run.load.rate} calls/s Asterisk was down or restarted: no result from there on.`;
  return `${best}; first problems at ${failing.run.load.rate} calls/s: ${failing.problems.join('; ')}.`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
