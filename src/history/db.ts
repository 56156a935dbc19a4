import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PlayError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type HistoryDb = Database.Database;

/** Where a project keeps its run history unless told otherwise. */
export const defaultHistoryFile = (projectDir: string): string => path.join(projectDir, '.play', 'history.sqlite');

/**
 * Opens (creating if needed) a history database: WAL, so a reader never waits for the recorder
 * and a process killed mid-write leaves the last committed state; then the missing migrations;
 * then runs left 'running' by a process that is gone are marked interrupted.
 */
export function openHistory(file: string): HistoryDb {
  mkdirSync(path.dirname(file), { recursive: true });
  let db: HistoryDb;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a crash may lose the last commits, never the database's consistency
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // several plays recording at once take turns; a writer holds the lock for one event's insert
    db.pragma('busy_timeout = 30000');
    migrate(db, file);
  } catch (err) {
    if (err instanceof PlayError) throw err;
    throw new PlayError('HISTORY_DB', `cannot open the run history ${file}: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'it is a SQLite file; move it away to start a new history, or pass --no-record',
    });
  }
  markOrphansInterrupted(db);
  return db;
}

function migrate(db: HistoryDb, file: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > MIGRATIONS.length) {
    throw new PlayError('HISTORY_DB', `${file} has history schema version ${version}; this play knows up to ${MIGRATIONS.length}`, {
      hint: 'a newer play wrote it: use that version, or move the file away',
    });
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run still 'running' whose recording process is gone was killed (SIGKILL, power loss). */
export function markOrphansInterrupted(db: HistoryDb): number {
  const running = db.prepare<[], { id: number; pid: number }>("SELECT id, pid FROM runs WHERE status = 'running'").all();
  const orphans = running.filter((r) => r.pid !== process.pid && !alive(r.pid));
  const mark = db.prepare("UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, ?) WHERE id = ? AND status = 'running'");
  for (const r of orphans) mark.run(startOf(db, r.id), r.id);
  return orphans.length;
}

/** The end time a killed run gets: its start (its events carry no clock, and the kill was unseen). */
function startOf(db: HistoryDb, runId: number): number | null {
  const row = db.prepare<[number], { started_at: number }>('SELECT started_at FROM runs WHERE id = ?').get(runId);
  return row?.started_at ?? null;
}
