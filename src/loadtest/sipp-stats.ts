/**
 * SIPp's own accounting of a run, read from the files it writes: the statistics CSV
 * (`-trace_stat`), the per-message counters (`-trace_counts`) and the final screen
 * (`-trace_screen`). Pure parsing: nothing here runs SIPp.
 */

/** One message of the scenario (its row in SIPp's message table) and its counters. */
export interface SippStep {
  index: number;
  /** INVITE, 100, 180, 200, ACK, BYE, Pause, … */
  message: string;
  /** Sent, Recv, Retrans, Timeout, Unexp, Sessions — whichever the step has. */
  counters: Record<string, number>;
}

/** What a UAC run did, in SIPp's numbers. */
export interface SippResult {
  /** Calls SIPp started (OutgoingCall, cumulative). */
  attempted: number;
  /** INVITEs sent (first transmissions; retransmissions are counted apart). */
  invites: number;
  /** 180 Ringing received for the INVITE. */
  ringing: number;
  /** 200 OK received for the INVITE: answered calls. */
  answered: number;
  /** Calls that ran the whole scenario (SuccessfulCall). */
  successful: number;
  /** Calls that did not (FailedCall), and why (the non-zero Failed* counters). */
  failed: number;
  failures: Record<string, number>;
  /** Messages SIPp sent again because no answer came in time (Retransmissions). */
  retransmissions: number;
  /** Messages that were never answered (sum of the per-message Timeout counters). */
  timeouts: number;
  /** Messages SIPp did not expect (sum of the per-message Unexp counters). */
  unexpected: number;
  /** Most calls open at once (the screen's "Peak was N calls", else the highest sampled CurrentCall). */
  peakConcurrent: number;
  /** Length of the run in seconds (the screen's Total-time, else the statistics' elapsed time). */
  seconds: number;
  /** Average time from INVITE to the 200 OK, and average call length, in milliseconds. */
  responseTimeMs: number;
  callLengthMs: number;
  /** How many answers came within each of SIPp's time buckets ("<10" ms, …, ">=200"); non-zero ones only. */
  responseTimes: Record<string, number>;
  steps: SippStep[];
}

export class SippParseError extends Error {}

/** Rows of a SIPp CSV file: semicolon-separated (time stamps contain tabs), header first. */
export function parseSippCsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(';');
  if (!header) throw new SippParseError('empty SIPp CSV file');
  return lines.slice(1).map((line) => {
    const fields = line.split(';');
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name !== '') row[name] = fields[i] ?? '';
    });
    return row;
  });
}

/** "HH:MM:SS" or "HH:MM:SS:micro" (SIPp's durations) → milliseconds. */
export function sippDurationMs(text: string): number {
  const parts = text.trim().split(':').map(Number);
  if (parts.length < 3 || parts.some((p) => !Number.isFinite(p))) throw new SippParseError(`not a SIPp duration: '${text}'`);
  const [h = 0, m = 0, s = 0, micro = 0] = parts;
  return ((h * 60 + m) * 60 + s) * 1000 + micro / 1000;
}

function count(row: Record<string, string>, column: string): number {
  const raw = row[column];
  if (raw === undefined) throw new SippParseError(`SIPp CSV has no column ${column}`);
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new SippParseError(`SIPp CSV column ${column} is not a number: '${raw}'`);
  return n;
}

/** The scenario's messages from the last row of `-trace_counts` (columns `<index>_<message>_<counter>`). */
export function parseCounts(text: string): SippStep[] {
  const last = parseSippCsv(text).at(-1);
  if (!last) throw new SippParseError('SIPp counts file has no data row');
  const steps = new Map<number, SippStep>();
  for (const column of Object.keys(last)) {
    const m = /^(\d+)_(.+)_([A-Za-z]+)$/.exec(column);
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const index = Number(m[1]);
    const step = steps.get(index) ?? { index, message: m[2], counters: {} };
    step.counters[m[3]] = count(last, column);
    steps.set(index, step);
  }
  return [...steps.values()].sort((a, b) => a.index - b.index);
}

interface ScreenFacts {
  peak?: number;
  seconds?: number;
}

/** The final scenario screen: "Peak was N calls" and the Total-time column. */
export function parseScreen(text: string): ScreenFacts {
  const facts: ScreenFacts = {};
  const peaks = [...text.matchAll(/Peak was (\d+) calls/g)];
  const peak = peaks.at(-1)?.[1];
  if (peak !== undefined) facts.peak = Number(peak);
  // "  10.0(10000 ms)/1.000s   5060     126.51 s         1265  127.0.10.195:5060(UDP)"
  const totals = [...text.matchAll(/\s(\d+(?:\.\d+)?) s\s+\d+\s+\S+\((?:UDP|TCP|TLS|SCTP)\)/g)];
  const seconds = totals.at(-1)?.[1];
  if (seconds !== undefined) facts.seconds = Number(seconds);
  return facts;
}

/** The INVITE's response `message`: received after the INVITE and before the next message sent (the ACK). */
function responseToInvite(steps: SippStep[], message: string): SippStep | undefined {
  const at = steps.findIndex((s) => s.message === 'INVITE' && 'Sent' in s.counters);
  if (at < 0) return undefined;
  for (const step of steps.slice(at + 1)) {
    if ('Sent' in step.counters) return undefined;
    if (step.message === message && 'Recv' in step.counters) return step;
  }
  return undefined;
}

const sum = (steps: SippStep[], counter: string) => steps.reduce((n, s) => n + (s.counters[counter] ?? 0), 0);

/** Everything SIPp reported about one UAC run. `screen` may be empty (then the CSV values stand in). */
export function parseSippRun(files: { stat: string; counts: string; screen: string }): SippResult {
  const rows = parseSippCsv(files.stat);
  const last = rows.at(-1);
  if (!last) throw new SippParseError('SIPp statistics file has no data row');
  const steps = parseCounts(files.counts);
  const screen = parseScreen(files.screen);
  const failures: Record<string, number> = {};
  for (const column of Object.keys(last)) {
    const m = /^Failed(.+)\(C\)$/.exec(column);
    if (m?.[1] && m[1] !== 'Call' && count(last, column) > 0) failures[m[1]] = count(last, column);
  }
  const responseTimes: Record<string, number> = {};
  for (const column of Object.keys(last)) {
    const m = /^ResponseTimeRepartition1_(.+)$/.exec(column);
    if (m?.[1] && count(last, column) > 0) responseTimes[m[1]] = count(last, column);
  }
  const invite = steps.find((s) => s.message === 'INVITE');
  return {
    attempted: count(last, 'OutgoingCall(C)'),
    invites: invite?.counters['Sent'] ?? 0,
    ringing: responseToInvite(steps, '180')?.counters['Recv'] ?? 0,
    answered: responseToInvite(steps, '200')?.counters['Recv'] ?? 0,
    successful: count(last, 'SuccessfulCall(C)'),
    failed: count(last, 'FailedCall(C)'),
    failures,
    retransmissions: count(last, 'Retransmissions(C)'),
    timeouts: sum(steps, 'Timeout'),
    unexpected: sum(steps, 'Unexp'),
    peakConcurrent: screen.peak ?? Math.max(...rows.map((r) => count(r, 'CurrentCall'))),
    seconds: screen.seconds ?? sippDurationMs(last['ElapsedTime(C)'] ?? '') / 1000,
    responseTimeMs: sippDurationMs(last['ResponseTime1(C)'] ?? ''),
    callLengthMs: sippDurationMs(last['CallLength(C)'] ?? ''),
    responseTimes,
    steps,
  };
}
