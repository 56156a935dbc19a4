import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { PlayError } from '../errors.js';
import { formatDiff } from '../reporter/diff.js';
import type { HistoryDb } from '../history/db.js';
import { chartPoints, getRun, hostResults, lastVerify, listRuns, runEvents } from '../history/queries.js';
import type { Actions } from './actions.js';
import { fleetView, type ServedProject } from './fleet.js';
import { requestGuard } from './guard.js';
import type { JobQueue, JobSpec } from './jobs.js';

export interface ServerDeps {
  project: ServedProject;
  db: HistoryDb;
  queue: JobQueue;
  actions: Actions;
  token: string;
  /** Host header values this server answers to ("127.0.0.1:8740", "localhost:8740", …). */
  allowedHosts: ReadonlySet<string>;
}

/** The bundled front end (esbuild, at build time): the same folder from src/ and from dist/. */
const WEB_DIR = new URL('../../dist/serve/web/', import.meta.url);
const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export function buildServer(deps: ServerDeps): FastifyInstance {
  const { project, db, queue, actions } = deps;
  const app = Fastify({ logger: false });
  app.addHook('onRequest', requestGuard(deps.token, deps.allowedHosts));
  app.addHook('onSend', async (_req, reply, payload) => {
    // the pages load only their own bundled code and talk only to this server
    reply.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    return payload;
  });
  app.setErrorHandler(async (err, _req, reply) => {
    if (err instanceof PlayError) return reply.code(400).send({ error: err.message, hint: err.hint ?? null });
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    return reply.code(status).send({ error: err instanceof Error ? err.message : String(err) });
  });

  app.get('/', async (_req, reply) => sendAsset(reply, 'index.html', 'text/html; charset=utf-8'));
  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const type = ASSETS[req.params.name];
    if (!type) return reply.code(404).send({ error: 'no such asset' });
    return sendAsset(reply, req.params.name, type);
  });

  app.get('/api/fleet', async () => ({ ...fleetView(project, db), queue: queue.list() }));
  app.get('/api/queue', async () => queue.list());
  app.get<{ Params: { host: string } }>('/api/hosts/:host', async (req, reply) => {
    const host = req.params.host;
    if (!project.roles.has(host)) return reply.code(404).send({ error: `unknown host ${host}` });
    const row = fleetView(project, db)
      .groups.flatMap((g) => g.hosts)
      .find((h) => h.name === host);
    const roles = (row?.cells ?? []).map((c) => ({
      ...c,
      results: (c.runId ? hostResults(db, c.runId, host).filter((r) => r.role === c.role) : []).map((r) => ({
        task: r.task,
        status: r.status,
        changed: r.changed,
        // unified diffs as the CLI's --diff prints them (the values were masked before recording)
        diff: (r.diff ?? []).map((d) => formatDiff({ path: d.path ?? '', before: d.before ?? '', after: d.after ?? '' })).join('\n'),
      })),
    }));
    return { host, roles, verify: lastVerify(db, host) ?? null };
  });
  app.get<{ Querystring: { host?: string; role?: string; changed?: string; failed?: string } }>('/api/runs', async (req) => {
    const q = req.query;
    return listRuns(db, { host: q.host || undefined, role: q.role || undefined, changed: q.changed === '1', failed: q.failed === '1', limit: 200 });
  });
  app.get('/api/charts', async () => chartPoints(db));
  app.get<{ Params: { id: string } }>('/api/runs/:id', async (req, reply) => {
    const run = getRun(db, Number(req.params.id));
    if (!run) return reply.code(404).send({ error: 'no such run' });
    return { run, events: runEvents(db, run.id).map((e) => JSON.parse(e.line) as unknown) };
  });
  app.get<{ Params: { id: string } }>('/api/runs/:id/stream', async (req, reply) => streamRun(deps, Number(req.params.id), reply));

  const submit = (spec: JobSpec): { job: ReturnType<JobQueue['submit']> } => ({ job: queue.submit(spec) });
  app.post('/api/scan', async () => submit(actions.scan()));
  app.post<{ Body: { host?: unknown; role?: unknown } }>('/api/repair', async (req) => submit(actions.repair(String(req.body?.host ?? ''), String(req.body?.role ?? ''))));
  app.post<{ Body: { host?: unknown } | undefined }>('/api/verify', async (req) =>
    submit(actions.verify(typeof req.body?.host === 'string' && req.body.host ? req.body.host : undefined)),
  );
  return app;
}

async function sendAsset(reply: FastifyReply, name: string, type: string): Promise<FastifyReply> {
  try {
    return await reply.type(type).send(await readFile(new URL(name, WEB_DIR)));
  } catch {
    return reply.code(500).send({ error: `the dashboard's front end is not built (${name}): run npm run build` });
  }
}

/**
 * Server-sent events of one run: what is recorded so far, then each new event as it happens
 * (the `--json` lines), then `end`. The replay and the subscription happen in one synchronous
 * step, so no event falls between them.
 */
function streamRun({ db, queue }: ServerDeps, runId: number, reply: FastifyReply): void {
  const run = getRun(db, runId);
  if (!run) {
    void reply.code(404).send({ error: 'no such run' });
    return;
  }
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  const send = (seq: number, line: string): void => void res.write(`id: ${seq}\ndata: ${line}\n\n`);
  for (const e of runEvents(db, runId)) send(e.seq, e.line);
  const live = queue.list().some((j) => j.runId === runId);
  if (!live) {
    res.end('event: end\ndata: {}\n\n');
    return;
  }
  const onLine = (id: number, seq: number, line: string): void => {
    if (id === runId) send(seq, line);
  };
  const onEnd = (id: number): void => {
    if (id !== runId) return;
    cleanup();
    res.end('event: end\ndata: {}\n\n');
  };
  const cleanup = (): void => {
    queue.live.off('line', onLine);
    queue.live.off('end', onEnd);
  };
  queue.live.on('line', onLine);
  queue.live.on('end', onEnd);
  res.on('close', cleanup);
}
