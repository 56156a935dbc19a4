import os from 'node:os';
import type { RunEvent } from '../executor/events.js';
import { jsonLine } from '../reporter/json.js';
import type { HistoryDb } from './db.js';

export type RunKind = 'run' | 'scan' | 'repair' | 'verify';
export type RunStatus = 'running' | 'ok' | 'failed' | 'interrupted';

export interface RunStart {
  kind: RunKind;
  command: string;
  check: boolean;
  user?: string;
}

/** The exit code play gives a run stopped by Ctrl-C (ExitCode.interrupted). */
const INTERRUPTED_EXIT = 99;

/**
 * Records one run into the history as it happens: the run row first (status 'running'), then
 * every event as its `--json` line (events are masked by the executor before anyone sees them),
 * then the end. A task's results commit together, at its end or at the end of the event loop's
 * turn, whichever comes first (a commit per result was about 7 % of play's CPU samples at 50 hosts ×
 * 20 tasks); every other event commits at once. A run killed half-way keeps what it did but the
 * results of that last turn.
 */
export class RunRecorder {
  readonly id: number;
  private seq = 0;
  private ended = false;
  /** Events waiting for the end of this turn of the event loop. */
  private pending: RunEvent[] = [];
  private flushing: NodeJS.Immediate | undefined;
  private readonly insertEvent;
  private readonly insertResult;

  constructor(
    private readonly db: HistoryDb,
    start: RunStart,
  ) {
    const info = db
      .prepare('INSERT INTO runs (kind, command, user, pid, check_mode, started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(start.kind, start.command, start.user ?? currentUser(), process.pid, start.check ? 1 : 0, Date.now(), 'running');
    this.id = Number(info.lastInsertRowid);
    this.insertEvent = db.prepare('INSERT INTO events (run_id, seq, line) VALUES (?, ?, ?)');
    this.insertResult = db.prepare('INSERT INTO results (run_id, seq, host, role, task, status, changed, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** Why recording stopped part-way (a locked or full disk): the run goes on regardless. */
  error: Error | undefined;

  /** An executor event listener (`observe`). A failed write stops the recording, never the run. */
  readonly observe = (e: RunEvent): void => {
    if (this.ended || this.error) return;
    this.pending.push(e);
    if (e.type === 'result' || e.type === 'plan') this.flushing ??= setImmediate(this.flush);
    else this.flush();
  };

  /** Commits the waiting events in one transaction. */
  private readonly flush = (): void => {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || this.error) return;
    try {
      this.db.transaction(() => {
        for (const e of batch) this.record(e);
      })();
    } catch (err) {
      this.error = err instanceof Error ? err : new Error(String(err));
    }
  };

  private record(e: RunEvent): void {
    const line = jsonLine(e);
    if (!line) return;
    const seq = this.seq++;
    this.insertEvent.run(this.id, seq, JSON.stringify(line));
    if (e.type === 'result') {
      const diff = e.diff?.length ? JSON.stringify(line.diff) : null;
      this.insertResult.run(this.id, seq, e.host, e.role, e.task, e.status, e.changed ? 1 : 0, diff);
    } else if (e.type === 'recap') {
      this.db.prepare('UPDATE runs SET recap = ? WHERE id = ?').run(JSON.stringify(line), this.id);
    }
  }

  /** The run ended with this exit code (99, play's Ctrl-C code, is an interruption). */
  finish(exitCode: number): void {
    this.end(exitCode === INTERRUPTED_EXIT ? 'interrupted' : exitCode === 0 ? 'ok' : 'failed', exitCode);
  }

  /** The process is going away before the run ended (a signal, a crash). Synchronous. */
  interrupt(): void {
    this.end('interrupted', null);
  }

  get finished(): boolean {
    return this.ended;
  }

  private end(status: RunStatus, exitCode: number | null): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    // the end is written even after a failed event write: a run must not stay 'running'
    this.db.prepare('UPDATE runs SET status = ?, exit_code = ?, ended_at = ? WHERE id = ?').run(status, exitCode, Date.now(), this.id);
  }
}

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
