/**
 * uri's credentials and headers stay with the url's origin. Two loopback servers on different
 * ports: `home` (where the task points, with Basic auth at /basic) redirects to `away`, which
 * records everything it receives and challenges every request, so a client that would answer a
 * 401 anywhere in the chain shows it. An https `home` proves that safe redirects never leave https.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModuleError } from '../../src/errors.js';
import { uri } from '../../src/modules/system/uri.js';
import { fixtureTarget } from '../modules/fixture-target.js';
import { runControllerStep } from '../../src/executor/controller-steps.js';

/** Controller steps of http hosts run without a connection. */
const NO_CONNECTION = { connection: undefined, become: undefined, env: undefined, timeoutMs: undefined };

const USER = 'admin';
const PASSWORD = 'Pa55-for-home-only';
const API_KEY = 'key-for-home-only';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

interface Seen {
  url: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const atAway: Seen[] = [];
const atHome: Seen[] = [];
let home = '';
let away = '';
let secureHome = '';

function recording(seen: Seen[], answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      answer(req, res);
    });
  };
}

/** Redirects: /to-away/<status>/<path> → away's <path>, /to-home → home's /basic, /basic needs the credentials. */
const homeAnswer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
  const m = /^\/to-away\/(\d+)(\/.*)$/.exec(req.url ?? '');
  if (m) res.writeHead(Number(m[1]), { Location: `${away}${m[2] ?? '/'}` }).end();
  else if (req.url === '/to-home') res.writeHead(302, { Location: '/basic' }).end();
  else if (req.url === '/to-plain-http') res.writeHead(302, { Location: `${away}/downgraded` }).end();
  else if (req.url === '/basic' && req.headers.authorization === BASIC && req.headers['x-api-key'] === API_KEY) res.writeHead(200).end('home ok');
  else if (req.url === '/basic') res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="home"' }).end();
  else res.writeHead(404).end();
};
const homeServer = http.createServer(recording(atHome, homeAnswer));
const awayServer = http.createServer(
  recording(atAway, (req, res) => {
    if (req.url === '/downgraded') res.writeHead(200).end('plain');
    else res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="away"' }).end('who are you');
  }),
);
const tls = path.join(import.meta.dirname, 'data/tls');
const secureServer = https.createServer({ key: readFileSync(path.join(tls, 'key.pem')), cert: readFileSync(path.join(tls, 'cert.pem')) }, recording(atHome, homeAnswer));

const listen = async (s: http.Server, scheme: string): Promise<string> => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  home = await listen(homeServer, 'http');
  away = await listen(awayServer, 'http');
  secureHome = await listen(secureServer, 'https');
}, 60_000);
afterAll(async () => {
  for (const s of [homeServer, awayServer, secureServer]) await new Promise<void>((resolve) => s.close(() => resolve()));
}, 60_000);
beforeEach(() => {
  atAway.length = 0;
  atHome.length = 0;
});

const creds = { url_username: USER, url_password: PASSWORD, headers: { 'X-Api-Key': API_KEY, Accept: 'text/plain' } };

async function run(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const p = await uri.plan(uri.args.parse(args), fixtureTarget({}).ctx);
  const change = p.changes[0];
  if (change?.apply.kind === 'controller') return runControllerStep(change.apply.step, NO_CONNECTION);
  return p.result ?? {};
}
const failure = (args: Record<string, unknown>): Promise<ModuleError> => run(args).then(
  () => expect.fail('the request should have failed'),
  (err: unknown) => err as ModuleError,
);
/** Everything the other origin received, as one text to search for the secrets. */
const leakedAway = (): string => JSON.stringify(atAway);

describe('uri: credentials and headers stay with the origin', () => {
  it('sends them at home, also after a redirect that stays at home (control)', async () => {
    const out = await run({ url: `${home}/to-home`, ...creds, return_content: true });
    expect(out).toMatchObject({ status: 200, content: 'home ok', redirected: true });
    expect(atHome.map((s) => [s.url, s.headers.authorization ?? 'none'])).toEqual([['/to-home', 'none'], ['/basic', 'none'], ['/basic', BASIC]]);
    expect(atHome.every((s) => s.headers['x-api-key'] === API_KEY)).toBe(true);
  });

  it('a redirect to another port: its 401 is not answered, no header of the task follows', async () => {
    const err = await failure({ url: `${home}/to-away/302/steal`, ...creds });
    expect(err.message).toContain('Status code was 401');
    expect(atAway.map((s) => s.url)).toEqual(['/steal']); // asked once, never answered
    expect(atAway[0]?.headers.authorization).toBeUndefined();
    expect(atAway[0]?.headers['x-api-key']).toBeUndefined();
    expect(atAway[0]?.headers.accept).toBeUndefined();
    expect(leakedAway()).not.toContain(API_KEY);
    expect(leakedAway()).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
  });

  it('force_basic_auth: the Authorization sent at home is not sent on to the other origin', async () => {
    await failure({ url: `${home}/to-away/301/steal`, ...creds, force_basic_auth: true });
    expect(atHome[0]?.headers.authorization).toBe(BASIC);
    expect(atAway.map((s) => s.headers.authorization ?? 'none')).toEqual(['none']);
    expect(leakedAway()).not.toContain(API_KEY);
  });

  it('a 307 POST to another origin takes the body and its Content-Type, nothing else', async () => {
    const err = await failure({ url: `${home}/to-away/307/form`, method: 'POST', body_format: 'json', body: { ext: 1500 }, ...creds, force_basic_auth: true, follow_redirects: 'all' });
    expect(err.message).toContain('Status code was 401');
    expect(atAway.map((s) => [s.method, s.body, s.headers['content-type']])).toEqual([['POST', '{"ext":1500}', 'application/json']]);
    expect(atAway[0]?.headers.authorization).toBeUndefined();
    expect(leakedAway()).not.toContain(API_KEY);
  });
});

describe('uri: redirects from https to http', () => {
  it('are refused by the default (safe), with the way to allow them', async () => {
    const err = await failure({ url: `${secureHome}/to-plain-http`, validate_certs: false, ...creds, force_basic_auth: true });
    expect(err.message).toBe(`Status code was -1 and not [200]: refusing the redirect from ${secureHome}/to-plain-http to ${away}/downgraded: it leaves https for plain http (follow_redirects: all would follow it)`);
    expect(atAway).toEqual([]);
  });

  it('are followed with follow_redirects: all, still without the credentials', async () => {
    const out = await run({ url: `${secureHome}/to-plain-http`, validate_certs: false, follow_redirects: 'all', ...creds, force_basic_auth: true, return_content: true });
    expect(out).toMatchObject({ status: 200, content: 'plain', url: `${away}/downgraded` });
    expect(atAway.map((s) => s.headers.authorization ?? 'none')).toEqual(['none']);
    expect(leakedAway()).not.toContain(API_KEY);
  });
});
