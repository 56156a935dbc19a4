import type { HistoryDb } from './db.js';
import type { RunKind, RunStatus } from './recorder.js';

export interface RunRow {
  id: number;
  kind: RunKind;
  command: string;
  user: string;
  check: boolean;
  startedAt: number;
  endedAt: number | null;
  status: RunStatus;
  exitCode: number | null;
  changed: number;
  failed: number;
}

export interface RunFilter {
  host?: string | undefined;
  role?: string | undefined;
  /** Only runs with at least one changed result (on the host/role, when given). */
  changed?: boolean | undefined;
  /** Only runs that failed, or had a failed or unreachable result. */
  failed?: boolean | undefined;
  limit?: number | undefined;
}

interface RawRun {
  id: number;
  kind: RunKind;
  command: string;
  user: string;
  check_mode: number;
  started_at: number;
  ended_at: number | null;
  status: RunStatus;
  exit_code: number | null;
  changed: number | null;
  failed: number | null;
}

/** Runs, newest first, narrowed by host / role / changed / failed. */
export function listRuns(db: HistoryDb, f: RunFilter = {}): RunRow[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  for (const [column, value] of [['res.host', f.host], ['res.role', f.role]] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const having: string[] = [];
  // aggregates spelt out: in HAVING a bare "changed" would name results.changed of some row
  if (f.changed) having.push('SUM(res.changed) > 0');
  if (f.failed) having.push("(SUM(res.status IN ('failed', 'unreachable')) > 0 OR runs.status = 'failed')");
  const narrowed = where.length > 0;
  const sql = `
    SELECT runs.id, runs.kind, runs.command, runs.user, runs.check_mode, runs.started_at, runs.ended_at, runs.status, runs.exit_code,
           COALESCE(SUM(res.changed), 0) AS changed,
           COALESCE(SUM(res.status IN ('failed', 'unreachable')), 0) AS failed
    FROM runs ${narrowed ? 'JOIN' : 'LEFT JOIN'} results res ON res.run_id = runs.id ${narrowed ? `AND ${where.join(' AND ')}` : ''}
    GROUP BY runs.id
    ${having.length ? `HAVING ${having.join(' AND ')}` : ''}
    ORDER BY runs.id DESC
    LIMIT ?`;
  return db
    .prepare<(string | number)[], RawRun>(sql)
    .all(...params, f.limit ?? 200)
    .map(toRunRow);
}

export function getRun(db: HistoryDb, id: number): RunRow | undefined {
  const row = db
    .prepare<[number], RawRun>(
      `SELECT runs.*, COALESCE(SUM(res.changed), 0) AS changed, COALESCE(SUM(res.status IN ('failed', 'unreachable')), 0) AS failed
       FROM runs LEFT JOIN results res ON res.run_id = runs.id WHERE runs.id = ? GROUP BY runs.id`,
    )
    .get(id);
  return row ? toRunRow(row) : undefined;
}

const toRunRow = (r: RawRun): RunRow => ({
  id: r.id,
  kind: r.kind,
  command: r.command,
  user: r.user,
  check: r.check_mode === 1,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  status: r.status,
  exitCode: r.exit_code,
  changed: r.changed ?? 0,
  failed: r.failed ?? 0,
});

/** A run's events as `--json` lines, from `afterSeq` on. */
export function runEvents(db: HistoryDb, id: number, afterSeq = -1): { seq: number; line: string }[] {
  return db.prepare<[number, number], { seq: number; line: string }>('SELECT seq, line FROM events WHERE run_id = ? AND seq > ? ORDER BY seq').all(id, afterSeq);
}

export type CellState = 'converged' | 'drifted' | 'failed' | 'unreachable';

export interface Cell {
  host: string;
  role: string;
  state: CellState;
  changes: number;
  runId: number;
  checkedAt: number;
}

interface CellRow {
  host: string;
  role: string | null;
  run_id: number;
  check_mode: number;
  started_at: number;
  changed: number;
  failed: number;
  unreachable: number;
}

/**
 * The last known state of every host × role: from the newest finished run (not a verify) that
 * had results for it. A check run with changes means drifted; a run that applied converges the
 * cell; a later run in which the host was unreachable makes it unreachable.
 */
export function fleetCells(db: HistoryDb): Cell[] {
  const rows = db
    .prepare<[], CellRow>(
      `SELECT res.host, res.role, res.run_id, runs.check_mode, runs.started_at,
              SUM(res.changed) AS changed, SUM(res.status = 'failed') AS failed, SUM(res.status = 'unreachable') AS unreachable
       FROM results res JOIN runs ON runs.id = res.run_id
       WHERE runs.kind != 'verify' AND runs.status != 'running'
       GROUP BY res.host, res.role, res.run_id
       ORDER BY res.run_id`,
    )
    .all();
  const cells = new Map<string, Cell>();
  const unreachable = new Map<string, { runId: number; at: number }>();
  for (const r of rows) {
    if (r.unreachable > 0) unreachable.set(r.host, { runId: r.run_id, at: r.started_at });
    if (r.role === null) continue;
    const state: CellState = r.unreachable > 0 ? 'unreachable' : r.failed > 0 ? 'failed' : r.check_mode === 1 && r.changed > 0 ? 'drifted' : 'converged';
    cells.set(`${r.host}\0${r.role}`, { host: r.host, role: r.role, state, changes: r.check_mode === 1 ? r.changed : 0, runId: r.run_id, checkedAt: r.started_at });
  }
  for (const c of cells.values()) {
    const u = unreachable.get(c.host);
    if (u && u.runId > c.runId) Object.assign(c, { state: 'unreachable', changes: 0, runId: u.runId, checkedAt: u.at });
  }
  return [...cells.values()];
}

export interface ResultRow {
  runId: number;
  host: string;
  role: string | null;
  task: string;
  status: string;
  changed: boolean;
  diff: { path?: string; before?: string; after?: string }[] | null;
}

interface RawResult {
  run_id: number;
  host: string;
  role: string | null;
  task: string;
  status: string;
  changed: number;
  diff: string | null;
}

const toResult = (r: RawResult): ResultRow => ({
  runId: r.run_id,
  host: r.host,
  role: r.role,
  task: r.task,
  status: r.status,
  changed: r.changed === 1,
  diff: r.diff === null ? null : (JSON.parse(r.diff) as ResultRow['diff']),
});

/** The changed or failed results of one run on one host (a cell's drift and its diffs). */
export function hostResults(db: HistoryDb, runId: number, host: string): ResultRow[] {
  return db
    .prepare<[number, string], RawResult>("SELECT * FROM results WHERE run_id = ? AND host = ? AND (changed = 1 OR status IN ('failed', 'unreachable')) ORDER BY seq")
    .all(runId, host)
    .map(toResult);
}

/** Every result of the newest finished verify run that touched the host. */
export function lastVerify(db: HistoryDb, host: string): { run: RunRow; results: ResultRow[] } | undefined {
  const row = db
    .prepare<[string], { run_id: number }>(
      "SELECT res.run_id FROM results res JOIN runs ON runs.id = res.run_id WHERE runs.kind = 'verify' AND runs.status != 'running' AND res.host = ? ORDER BY res.run_id DESC LIMIT 1",
    )
    .get(host);
  if (!row) return undefined;
  const run = getRun(db, row.run_id);
  if (!run) return undefined;
  const results = db.prepare<[number, string], RawResult>('SELECT * FROM results WHERE run_id = ? AND host = ? ORDER BY seq').all(row.run_id, host).map(toResult);
  return { run, results };
}

export interface ChartPoint {
  runId: number;
  kind: RunKind;
  startedAt: number;
  seconds: number;
  /** Check runs only: host × role cells with at least one change. */
  drifted: number | null;
}

/** Every finished run's duration, and each check run's drifted-cell count, oldest first. */
export function chartPoints(db: HistoryDb, limit = 500): ChartPoint[] {
  return db
    .prepare<[number], { id: number; kind: RunKind; started_at: number; ended_at: number; check_mode: number; drifted: number }>(
      `SELECT runs.id, runs.kind, runs.started_at, runs.ended_at, runs.check_mode,
              (SELECT COUNT(DISTINCT res.host || char(0) || COALESCE(res.role, '')) FROM results res WHERE res.run_id = runs.id AND res.changed = 1) AS drifted
       FROM runs WHERE runs.ended_at IS NOT NULL ORDER BY runs.id DESC LIMIT ?`,
    )
    .all(limit)
    .reverse()
    .map((r) => ({ runId: r.id, kind: r.kind, startedAt: r.started_at, seconds: (r.ended_at - r.started_at) / 1000, drifted: r.check_mode === 1 ? r.drifted : null }));
}
