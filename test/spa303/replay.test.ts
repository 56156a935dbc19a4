import { afterEach, describe, expect, it } from 'vitest';
import { serveProfile } from '../../src/modules/phone/profile-server.js';
import { resyncQuery } from '../../src/modules/phone/spa-resync.js';
import { renderFlatProfile } from '../../src/protocol/spa303/flat-profile.js';
import { basicAuthorization, digestAuthorization, parseAuthHeader } from '../../src/util/http-auth.js';
import { startTestPhone, type TestPhone } from './support.js';

/**
 * What a listener on the lab network could replay: a captured Digest request to the phone, and
 * the profile URL (with its credentials) a resync sends in the clear. The emulator and the
 * profile server run on loopback.
 */
let phones: TestPhone[] = [];
afterEach(async () => {
  for (const p of phones) await p.stop();
  phones = [];
});

async function phone(opts: Parameters<typeof startTestPhone>[0] = {}): Promise<TestPhone> {
  const p = await startTestPhone(opts);
  phones.push(p);
  return p;
}

const PASSWORD = 'adm1n-pw';
const CONFIG = '/admin/spacfg.xml';

/** The Authorization header a client sends for `challenge` (nonce count `nc`). */
function answer(challenge: string, nc = 1, password = PASSWORD): string {
  const { params } = parseAuthHeader(challenge);
  return digestAuthorization({ realm: params.realm ?? '', nonce: params.nonce ?? '', qop: params.qop, algorithm: params.algorithm }, { method: 'GET', uri: CONFIG, username: 'admin', password, nc });
}

async function challengeOf(p: TestPhone): Promise<string> {
  const res = await fetch(`${p.emu.url}${CONFIG}`);
  expect(res.status).toBe(401);
  return res.headers.get('www-authenticate') ?? '';
}

const get = (p: TestPhone, authorization: string): Promise<Response> => fetch(`${p.emu.url}${CONFIG}`, { headers: { authorization } });

describe('SPA303 emulator: Digest replays', () => {
  it('a captured request replayed is refused; the next count of the same nonce works', async () => {
    const p = await phone({ adminPassword: PASSWORD });
    const challenge = await challengeOf(p);
    const captured = answer(challenge, 1);
    expect((await get(p, captured)).status).toBe(200);
    const replayed = await get(p, captured);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get('www-authenticate')).not.toContain('stale=true');
    expect((await get(p, answer(challenge, 2))).status).toBe(200);
    expect((await get(p, answer(challenge, 2))).status).toBe(401);
  }, 30_000);

  it('a nonce older than 30 s: 401 with stale=true and a fresh nonce that works', async () => {
    let now = Date.now();
    const p = await phone({ adminPassword: PASSWORD, clock: () => now });
    const challenge = await challengeOf(p);
    now += 30_001;
    const late = await get(p, answer(challenge));
    expect(late.status).toBe(401);
    const fresh = late.headers.get('www-authenticate') ?? '';
    expect(fresh).toContain('stale=true');
    expect(parseAuthHeader(fresh).params.nonce).not.toBe(parseAuthHeader(challenge).params.nonce);
    expect((await get(p, answer(fresh))).status).toBe(200);
  }, 30_000);

  it('Basic: only the exact password opens, not a prefix or a longer one', async () => {
    const p = await phone({ adminPassword: PASSWORD, basicAuth: 'also' });
    expect((await get(p, basicAuthorization('admin', PASSWORD))).status).toBe(200);
    for (const [user, pw] of [['admin', 'adm1n-p'], ['admin', `${PASSWORD}x`], ['admin', 'adm1n-pX'], ['Admin', PASSWORD], ['admin', '']]) {
      expect((await get(p, basicAuthorization(user ?? '', pw ?? ''))).status, `${user}:${pw}`).toBe(401);
    }
  }, 30_000);
});

describe('the profile server of a resync', () => {
  it('serves the profile once: a second fetch with the same URL and credentials gets nothing', async () => {
    const server = await serveProfile({ address: '127.0.0.1', xml: renderFlatProfile([{ name: 'Station_Name', value: 'once' }]), requireAuth: true });
    const creds = server.credentials;
    expect(creds).toBeDefined();
    const authorization = basicAuthorization(creds?.uid ?? '', creds?.pwd ?? '');
    try {
      // wrong credentials are not a delivery
      expect((await fetch(server.url, { headers: { authorization: basicAuthorization(creds?.uid ?? '', 'wrong') } })).status).toBe(401);
      const first = await fetch(server.url, { headers: { authorization } });
      expect(first.status).toBe(200);
      expect(await first.text()).toContain('<Station_Name>once</Station_Name>');
      const again = await fetch(server.url, { headers: { authorization } }).then((r) => r.status, () => 'refused');
      expect([404, 'refused']).toContain(again);
      expect(server.fetches).toBe(1);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('through the phone: the resync applies it, a replayed resync request fails', async () => {
    const p = await phone();
    const server = await serveProfile({ address: '127.0.0.1', xml: renderFlatProfile([{ name: 'Station_Name', value: 'first' }]), requireAuth: true });
    try {
      const resync = `${p.emu.url}/admin/resync?${resyncQuery(server.url, server.credentials)}`;
      let done = p.nextResync();
      expect((await fetch(resync)).status).toBe(200);
      expect(await done).toMatchObject({ ok: true, changed: ['Station_Name'] });
      done = p.nextResync();
      expect((await fetch(resync)).status).toBe(200);
      expect(await done).toMatchObject({ ok: false });
      expect(server.fetches).toBe(1);
    } finally {
      await server.close();
    }
  }, 30_000);
});
