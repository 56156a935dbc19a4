/** uri against HTTP servers started on 127.0.0.1 by the test: reads, changes, Basic and Digest auth. */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleError } from '../../src/errors.js';
import { digestAuthorization, parseDigestChallenge } from '../../src/util/http-auth.js';
import { parseModuleArgs } from '../../src/modules/arg-spec.js';
import { uri } from '../../src/modules/system/uri.js';
import { fixtureTarget } from '../modules/fixture-target.js';
import { runControllerStep } from '../../src/executor/controller-steps.js';

/** Controller steps of http hosts run without a connection. */
const NO_CONNECTION = { connection: undefined, become: undefined, env: undefined, timeoutMs: undefined };

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const seen: { method: string; url: string; body: string; headers: http.IncomingHttpHeaders }[] = [];
let base = '';

/** A SPA303-like device: /admin needs Digest (qop=auth), /basic needs Basic, /json answers JSON. */
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString(), headers: req.headers });
    const auth = req.headers.authorization ?? '';
    if (req.url === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"ext":1500}');
    } else if (req.url === '/moved') {
      res.writeHead(302, { Location: '/json' }).end();
    } else if (req.url === '/basic') {
      if (auth !== `Basic ${Buffer.from('admin:s3cret').toString('base64')}`) res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="spa"' }).end('no');
      else res.writeHead(200).end('basic ok');
    } else if (req.url?.startsWith('/admin')) {
      const fields = Object.fromEntries([...auth.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
      const ha1 = md5('admin:spa303:s3cret');
      const ha2 = md5(`${req.method ?? ''}:${fields['uri'] ?? ''}`);
      const expected = md5(`${ha1}:abc123:${fields['nc'] ?? ''}:${fields['cnonce'] ?? ''}:auth:${ha2}`);
      if (!auth.startsWith('Digest ') || fields['response'] !== expected) {
        res.writeHead(401, { 'WWW-Authenticate': 'Digest realm="spa303", nonce="abc123", qop="auth", opaque="xyz"' }).end();
      } else res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<html>saved ${Buffer.concat(chunks).toString()}</html>`);
    } else res.writeHead(404).end('not here');
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function plan(args: Record<string, unknown>) {
  return uri.plan(parseModuleArgs(uri, args), fixtureTarget({}).ctx);
}

describe('uri', () => {
  it("reads follow_redirects' old spellings as Ansible's urls.py does: yes/true is all, no/false none", () => {
    const word = (v: unknown) => parseModuleArgs(uri, { url: 'http://127.0.0.1/', follow_redirects: v }).follow_redirects;
    expect([word('yes'), word(true), word('no'), word(false), word(undefined)]).toEqual(['all', 'all', 'none', 'none', 'safe']);
  });

  it('GET is a read: done while planning, no change, JSON parsed', async () => {
    const p = await plan({ url: `${base}/json` });
    expect(p.changes).toEqual([]);
    expect(p.result).toMatchObject({ status: 200, json: { ok: true, ext: 1500 }, content_type: 'application/json', redirected: false });
    expect(p.result).not.toHaveProperty('content');
  });

  it('follows a redirect for GET and says so', async () => {
    const p = await plan({ url: `${base}/moved`, return_content: true });
    expect(p.result).toMatchObject({ status: 200, url: `${base}/json`, redirected: true, content: '{"ok":true,"ext":1500}' });
  });

  it('fails on an unexpected status with the content', async () => {
    const err = await plan({ url: `${base}/nothing` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModuleError);
    expect((err as ModuleError).message).toContain('Status code was 404 and not [200]');
    expect((err as ModuleError).result).toMatchObject({ status: 404, content: 'not here' });
  });

  it('accepts a status list', async () => {
    const p = await plan({ url: `${base}/nothing`, status_code: '200, 404' });
    expect(p.result).toMatchObject({ status: 404 });
  });

  it('POST is a change that runs only when applied, with a form body and Digest auth', async () => {
    const before = seen.length;
    const p = await plan({ url: `${base}/admin/bcisco.csc`, method: 'POST', body_format: 'form-urlencoded', body: { Line_Enable_1_: 'Yes', Share_Ext_1_: 'private' }, user: 'admin', password: 's3cret', return_content: true });
    expect(seen.length).toBe(before);
    expect(p.changed).toBe(true);
    const change = p.changes[0];
    expect(change?.apply).toMatchObject({ kind: 'controller', step: { name: 'http_request' } });
    if (change?.apply.kind !== 'controller') return;
    const out = await runControllerStep(change.apply.step, NO_CONNECTION);
    expect(out).toMatchObject({ status: 200, content: '<html>saved Line_Enable_1_=Yes&Share_Ext_1_=private</html>' });
    const posted = seen.slice(before).map((s) => s.headers.authorization?.split(' ')[0] ?? 'none');
    expect(posted).toEqual(['none', 'Digest']);
  });

  it('Basic auth after a challenge, or at once with force_basic_auth', async () => {
    let before = seen.length;
    await plan({ url: `${base}/basic`, url_username: 'admin', url_password: 's3cret' });
    expect(seen.slice(before).map((s) => (s.headers.authorization ? 'auth' : 'none'))).toEqual(['none', 'auth']);
    before = seen.length;
    await plan({ url: `${base}/basic`, url_username: 'admin', url_password: 's3cret', force_basic_auth: true });
    expect(seen.slice(before).map((s) => (s.headers.authorization ? 'auth' : 'none'))).toEqual(['auth']);
  });

  it('a refused connection is a module failure', async () => {
    const err = await plan({ url: 'http://127.0.0.1:1/', timeout: 2 }).catch((e: unknown) => e);
    expect((err as ModuleError).message).toContain('Status code was -1');
  });
});

describe('digest authentication', () => {
  it('matches RFC 2617 section 3.5', () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(challenge).not.toBeNull();
    if (!challenge) return;
    const header = digestAuthorization(challenge, { method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle Of Life', nc: 1, cnonce: '0a4f113b' });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('is not a Basic challenge', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
  });
});
