import { EventEmitter } from 'node:events';
import type { RunEvent } from '../executor/events.js';
import type { HistoryDb } from '../history/db.js';
import { RunRecorder, type RunKind } from '../history/recorder.js';
import { jsonLine } from '../reporter/json.js';

/** What a job runs: the executor's events go to `observe`; resolves to play's exit code. */
export type JobWork = (signal: AbortSignal, observe: (e: RunEvent) => void) => Promise<number>;

export interface JobSpec {
  kind: RunKind;
  /** The equivalent command line, shown and recorded. */
  command: string;
  check: boolean;
  /** The hosts the run touches: at most one run per host at a time. */
  hosts: string[];
  work: JobWork;
}

export type JobState = 'queued' | 'running' | 'done';

export interface JobView {
  id: number;
  kind: RunKind;
  command: string;
  hosts: string[];
  state: JobState;
  /** The recorded run, once started. */
  runId: number | null;
  queuedAt: number;
  /** Running jobs this one waits for (by job id). */
  waitingFor: number[];
}

interface Job extends JobSpec {
  id: number;
  state: JobState;
  runId: number | null;
  queuedAt: number;
  abort: AbortController;
  recorder: RunRecorder | null;
}

/**
 * The dashboard's run queue. A job starts as soon as none of its hosts is busy and no job queued
 * before it wants one of them (first come, first served per host); the others wait, visibly.
 * Every run is recorded into the history as it happens; `live` relays each event's `--json`
 * line to whoever watches the run (the Run page's stream).
 */
export class JobQueue {
  private nextId = 1;
  private jobs: Job[] = [];
  /** 'line' (runId, seq, line), 'end' (runId), 'change' (): for streams and the queue view. */
  readonly live = new EventEmitter<{ line: [number, number, string]; end: [number]; change: [] }>();

  constructor(
    private readonly db: HistoryDb,
    private readonly onRunEnd: (runId: number, recap: RunEvent | undefined) => void = () => undefined,
  ) {
    this.live.setMaxListeners(0);
  }

  submit(spec: JobSpec): JobView {
    const job: Job = { ...spec, id: this.nextId++, state: 'queued', runId: null, queuedAt: Date.now(), abort: new AbortController(), recorder: null };
    this.jobs.push(job);
    this.pump();
    this.live.emit('change');
    return this.view(job);
  }

  /** Queued and running jobs, in submission order. */
  list(): JobView[] {
    return this.jobs.filter((j) => j.state !== 'done').map((j) => this.view(j));
  }

  /** Resolves when no job is queued or running. */
  async idle(): Promise<void> {
    while (this.jobs.some((j) => j.state !== 'done')) await new Promise<void>((r) => this.live.once('change', () => r()));
  }

  /**
   * The server is going away: queued jobs are dropped, running ones stopped, and their runs
   * recorded as interrupted now (synchronously: the process may exit right after).
   */
  shutdown(): void {
    for (const j of this.jobs) {
      if (j.state === 'queued') j.state = 'done';
      j.abort.abort();
      j.recorder?.interrupt();
    }
    this.live.emit('change');
  }

  private view(j: Job): JobView {
    const running = this.jobs.filter((o) => o.state === 'running' && o !== j);
    const waitingFor = j.state === 'queued' ? running.filter((o) => o.hosts.some((h) => j.hosts.includes(h))).map((o) => o.id) : [];
    return { id: j.id, kind: j.kind, command: j.command, hosts: j.hosts, state: j.state, runId: j.runId, queuedAt: j.queuedAt, waitingFor };
  }

  private pump(): void {
    this.jobs = this.jobs.filter((j) => j.state !== 'done');
    const claimed = new Set<string>();
    for (const j of this.jobs) {
      if (j.state === 'done') continue;
      const free = j.hosts.every((h) => !claimed.has(h));
      for (const h of j.hosts) claimed.add(h);
      if (j.state === 'queued' && free) this.start(j);
    }
  }

  private start(j: Job): void {
    j.state = 'running';
    const recorder = new RunRecorder(this.db, { kind: j.kind, command: j.command, check: j.check });
    j.runId = recorder.id;
    j.recorder = recorder;
    let recap: RunEvent | undefined;
    let seq = 0;
    const observe = (e: RunEvent): void => {
      recorder.observe(e);
      if (e.type === 'recap') recap = e;
      const line = jsonLine(e);
      if (line) this.live.emit('line', recorder.id, seq++, JSON.stringify(line));
    };
    void j
      .work(j.abort.signal, observe)
      .then(
        (code) => recorder.finish(j.abort.signal.aborted ? 99 : code),
        (err: unknown) => {
          // the run's own error (bad inventory, a playbook that does not load): shown on its page
          observe({ type: 'warning', message: err instanceof Error ? err.message : String(err) });
          recorder.finish(typeof (err as { exitCode?: unknown }).exitCode === 'number' ? (err as { exitCode: number }).exitCode : 250);
        },
      )
      .finally(() => {
        j.state = 'done';
        this.live.emit('end', recorder.id);
        this.onRunEnd(recorder.id, recap);
        this.pump();
        this.live.emit('change');
      });
  }
}
