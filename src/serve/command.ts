import path from 'node:path';
import { OptionsError } from '../errors.js';
import { KeptConnections } from '../executor/connections.js';
import { defaultHistoryFile, openHistory } from '../history/db.js';
import type { Io } from '../cli/reporters.js';
import { Actions } from './actions.js';
import { loadServedProject } from './fleet.js';
import { JobQueue } from './jobs.js';
import { buildServer } from './server.js';
import { loadOrCreateToken } from './token.js';

export interface ServeCliOptions {
  inventory?: string[];
  port?: string;
  bind?: string;
  db?: string;
  playbook?: string;
  allowRemote?: boolean;
  driftEvery?: string;
}

/** 127.0.0.0/8, ::1 and "localhost": addresses only this machine can reach. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** "15m", "90s", "1h" → milliseconds. */
export function parseEvery(text: string): number {
  const m = /^(\d+)\s*(s|m|h)$/.exec(text.trim());
  if (!m) throw new OptionsError(`--drift-every ${text}: not a duration`, { hint: 'e.g. 15m, 90s or 1h' });
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  if (ms < 10_000) throw new OptionsError(`--drift-every ${text}: too often`, { hint: 'at least 10s' });
  return ms;
}

/** `play serve`: the dashboard. Runs until SIGINT/SIGTERM. */
export async function serveCommand(o: ServeCliOptions, io: Io): Promise<number> {
  const bind = o.bind ?? '127.0.0.1';
  const port = Number(o.port ?? 8740);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionsError(`--port ${o.port}: not a port number`);
  if (!isLoopback(bind) && !o.allowRemote) {
    throw new OptionsError(`--bind ${bind} is not a loopback address: others on the network could reach the dashboard`, {
      hint: 'add --allow-remote if that is what you want (actions still need the token)',
    });
  }
  const everyMs = o.driftEvery === undefined ? undefined : parseEvery(o.driftEvery);
  const project = await loadServedProject(o.playbook ?? 'site.yml', o.inventory);
  const dbFile = path.resolve(o.db ?? defaultHistoryFile(project.dir));
  const db = openHistory(dbFile);
  const tokenFile = path.join(path.dirname(dbFile), 'serve-token');
  const { token, created } = loadOrCreateToken(tokenFile);
  const kept = new KeptConnections();
  const queue = new JobQueue(db, (_runId, recap) => {
    // a host that was unreachable gets a fresh connection next time
    if (recap?.type === 'recap') for (const host of Object.keys(recap.unreachableReasons)) void kept.drop(host);
  });
  const actions = new Actions(project, kept);
  const allowedHosts = new Set<string>();
  const app = buildServer({ project, db, queue, actions, token, allowedHosts });
  await app.listen({ host: bind, port });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const shown = bind.includes(':') ? `[${bind}]` : bind;
  for (const h of [shown, ...(isLoopback(bind) ? ['localhost', '127.0.0.1', '[::1]'] : [])]) allowedHosts.add(`${h}:${actual}`.toLowerCase());

  const url = `http://${shown}:${actual}/`;
  if (!isLoopback(bind)) io.stderr.write(`[WARNING]: the dashboard listens on ${bind}, reachable from the network; reading needs no token\n`);
  io.stdout.write(`play serve: ${url} (history: ${path.relative(process.cwd(), dbFile) || dbFile})\n`);
  if (created) io.stdout.write(`action token (shown once, kept 0600 in ${tokenFile}): ${token}\nopen ${url}#token=${token}\n`);
  else io.stdout.write(`action token: in ${tokenFile}\n`);

  const timer = everyMs === undefined ? undefined : setInterval(() => {
    if (!queue.list().some((j) => j.kind === 'scan')) queue.submit(actions.scan());
  }, everyMs);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (timer) clearInterval(timer);
  queue.shutdown();
  await app.close();
  await kept.closeAll();
  db.close();
  return 0;
}
