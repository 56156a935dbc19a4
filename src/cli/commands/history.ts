import { defaultHistoryFile, openHistory } from '../../history/db.js';
import { listRuns, type RunRow } from '../../history/queries.js';
import { loadConfig } from '../../project/config.js';
import type { Io } from '../reporters.js';

export interface HistoryCliOptions {
  db?: string;
  host?: string;
  role?: string;
  changed?: boolean;
  failed?: boolean;
  last?: string;
}

/** `play history`: the recorded runs of the project, newest first, as a table. */
export async function historyCommand(o: HistoryCliOptions, io: Io): Promise<number> {
  const file = o.db ?? defaultHistoryFile((await loadConfig()).dir);
  const db = openHistory(file);
  try {
    const limit = o.last === undefined ? 50 : Number(o.last);
    const runs = listRuns(db, { host: o.host, role: o.role, changed: o.changed, failed: o.failed, limit });
    if (!runs.length) {
      io.stdout.write(`no recorded run matches (history: ${file})\n`);
      return 0;
    }
    io.stdout.write(formatRuns(runs));
    return 0;
  } finally {
    db.close();
  }
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function formatRuns(runs: RunRow[]): string {
  const head = `${pad('ID', 5)} ${pad('STARTED', 19)} ${pad('TIME', 7)} ${pad('KIND', 6)} ${pad('STATUS', 11)} ${pad('CHANGED', 7)} ${pad('FAILED', 6)} COMMAND`;
  const lines = runs.map((r) => {
    const started = new Date(r.startedAt).toISOString().replace('T', ' ').slice(0, 19);
    const time = r.endedAt === null ? '-' : `${((r.endedAt - r.startedAt) / 1000).toFixed(1)}s`;
    return `${pad(String(r.id), 5)} ${started} ${pad(time, 7)} ${pad(r.kind, 6)} ${pad(r.status, 11)} ${pad(String(r.changed), 7)} ${pad(String(r.failed), 6)} ${r.command}`;
  });
  return [head, ...lines].join('\n') + '\n';
}
