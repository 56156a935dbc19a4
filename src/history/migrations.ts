/**
 * The history database's schema, one step per version. `PRAGMA user_version` says how many
 * steps a file has had; opening a file runs the missing ones, each in its own transaction.
 * A step is never edited once released: a change is a new step.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,              -- run | scan | repair | verify
     command TEXT NOT NULL,           -- the command line, as typed or as the dashboard built it
     user TEXT NOT NULL,
     pid INTEGER NOT NULL,            -- the recording process: a 'running' run whose pid is gone was killed
     check_mode INTEGER NOT NULL,
     started_at INTEGER NOT NULL,     -- ms since the epoch
     ended_at INTEGER,
     status TEXT NOT NULL,            -- running | ok | failed | interrupted
     exit_code INTEGER,
     recap TEXT                       -- the recap event's JSON line
   );
   CREATE TABLE events (
     run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     line TEXT NOT NULL,              -- the event as play run --json prints it (already masked)
     PRIMARY KEY (run_id, seq)
   );
   CREATE TABLE results (
     run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     host TEXT NOT NULL,
     role TEXT,
     task TEXT NOT NULL,
     status TEXT NOT NULL,
     changed INTEGER NOT NULL,
     diff TEXT                        -- JSON list of {path, before, after}, or NULL
   );
   CREATE INDEX results_by_cell ON results (host, role, run_id);
   CREATE INDEX runs_by_start ON runs (started_at);`,
];
