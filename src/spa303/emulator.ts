import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthHeader, parseBasic, sameSecret } from '../util/http-auth.js';
import { DigestVerifier, NONCE_LIFETIME_MS, SPA_REALM } from './digest.js';
import { Spa303Device } from './device.js';
import { parseFlatProfile, renderFlatProfile } from '../protocol/spa303/flat-profile.js';
import { ResyncRefused, fetchProfile, parseResyncTarget } from './resync.js';
import { statusPage, messagePage } from './pages.js';

/**
 * An HTTP server that behaves like a Cisco SPA303 (firmware 7.x) as far as provisioning goes:
 * /admin/spacfg.xml, /admin/resync?URL, /admin/reboot and a status page, with the admin pages
 * behind HTTP Digest (realm "spa admin", user "admin") once an admin password is set.
 *
 * Documented choices where the real phone's behaviour is not known for certain:
 * - spacfg.xml reports a password that is set as `*************` and an unset one as empty.
 * - during a reboot every request is answered 503 (the real phone simply does not answer).
 * - a resync URL that cannot be used (not http, not loopback) gets a 400 error page.
 * - the status page `/` needs no authentication and shows no secrets.
 * - changing a line's registration settings (Proxy_N_, User_ID_N_, Password_N_, …) restarts
 *   the phone right after the profile is applied (see `reboot` in params.ts).
 * - Digest nonces live 30 s (then a right answer gets 401 with stale=true and a fresh nonce), and
 *   a nonce's count must grow with each request that uses it: a replayed request gets 401.
 */
export interface Spa303EmulatorOptions {
  address?: string | undefined;
  /** 0 (default) picks a free port. */
  port?: number | undefined;
  /** JSON file the configuration is kept in across restarts; in memory only when absent. */
  statePath?: string | undefined;
  /** Factory admin password, used only when there is no saved state (default: none). */
  adminPassword?: string | undefined;
  /** Delay between a resync request and the profile being fetched and applied (default 500). */
  resyncDelayMs?: number | undefined;
  /** How long a reboot keeps the phone away (default 1000). */
  rebootMs?: number | undefined;
  /** Basic auth besides Digest ('also'), instead of it ('only'), or never ('off', default). */
  basicAuth?: 'off' | 'also' | 'only' | undefined;
  /** How long a Digest nonce may be answered (default 30 s). */
  nonceLifetimeMs?: number | undefined;
  /** The Digest nonces' clock (tests let time pass without waiting). */
  clock?: (() => number) | undefined;
  /** Called after every resync attempt (tests wait on it; main.ts logs it). */
  onResync?: ((outcome: ResyncOutcome) => void) | undefined;
  log?: ((line: string) => void) | undefined;
}

export type ResyncOutcome = { ok: true; url: string; changed: string[]; reboot: boolean } | { ok: false; url: string; error: string };

export interface Spa303Emulator {
  url: string;
  device: Spa303Device;
  close(): Promise<void>;
}

export async function startSpa303Emulator(opts: Spa303EmulatorOptions = {}): Promise<Spa303Emulator> {
  const rebootMs = opts.rebootMs ?? 1000;
  const resyncDelayMs = opts.resyncDelayMs ?? 500;
  const basic = opts.basicAuth ?? 'off';
  const log = opts.log ?? (() => undefined);
  const device = await Spa303Device.open({ statePath: opts.statePath, adminPassword: opts.adminPassword, rebootMs });
  const digest = new DigestVerifier(SPA_REALM, opts.nonceLifetimeMs ?? NONCE_LIFETIME_MS, opts.clock ?? Date.now);
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** True when the request may see admin pages; otherwise the 401 has been sent. */
  const authorized = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const password = device.adminPassword;
    if (password === '') return true; // factory default: no password, no authentication
    const header = req.headers.authorization ?? '';
    let stale = false;
    if (basic !== 'only' && /^digest\s/i.test(header)) {
      const uriMatches = parseAuthHeader(header).params.uri === req.url;
      const verdict = uriMatches ? digest.verify(header, req.method ?? 'GET', 'admin', password) : 'denied';
      if (verdict === 'ok') return true;
      stale = verdict === 'stale';
    } else if (basic !== 'off') {
      const cred = parseBasic(header);
      // both compared, in constant time: the answer's timing tells nothing about either
      const userOk = sameSecret(cred?.username ?? '', 'admin');
      const passwordOk = sameSecret(cred?.password ?? '', password);
      if (cred && userOk && passwordOk) return true;
    }
    const challenges: string[] = [];
    if (basic !== 'only') challenges.push(digest.challenge(stale));
    if (basic !== 'off') challenges.push(`Basic realm="${SPA_REALM}"`);
    res.writeHead(401, { 'www-authenticate': challenges, 'content-type': 'text/html' });
    res.end(messagePage('401 Unauthorized', 'Authorization required.'));
    return false;
  };

  const resync = (rawQuery: string, res: http.ServerResponse): void => {
    let target;
    try {
      target = parseResyncTarget(rawQuery);
    } catch (err) {
      if (!(err instanceof ResyncRefused)) throw err;
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end(messagePage('Resync failed', err.message));
      return;
    }
    const url = target.url.href;
    // like the phone: answer at once, fetch and apply in the background
    later(resyncDelayMs, () => {
      fetchProfile(target)
        .then(async (xml) => {
          const result = await device.apply(parseFlatProfile(xml));
          log(`resync ${url}: ${result.changed.length} changed${result.reboot ? ', rebooting' : ''}`);
          opts.onResync?.({ ok: true, url, ...result });
        })
        .catch((err: unknown) => {
          const error = err instanceof Error ? err.message : String(err);
          log(`resync ${url} failed: ${error}`);
          opts.onResync?.({ ok: false, url, error });
        });
    });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(messagePage('Resync', 'The profile will be loaded.'));
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (device.isRebooting()) {
      res.writeHead(503, { 'retry-after': String(Math.ceil(rebootMs / 1000)), 'content-type': 'text/html' });
      res.end(messagePage('503 Service Unavailable', 'The phone is restarting.'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? '' : raw.slice(q + 1);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(statusPage(device.snapshot()));
      return;
    }
    if (!path.startsWith('/admin/')) return notFound(res);
    if (!authorized(req, res)) return;
    if (path === '/admin/spacfg.xml') {
      res.writeHead(200, { 'content-type': 'text/xml', 'cache-control': 'no-store' });
      res.end(renderFlatProfile(device.report()));
    } else if (path === '/admin/resync') {
      resync(query, res);
    } else if (path === '/admin/reboot') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(messagePage('Reboot', 'The phone is restarting.'));
      device.reboot();
      log('reboot requested');
    } else notFound(res);
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      res.writeHead(500);
      res.end(err instanceof Error ? err.message : String(err));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.address ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    device,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await device.flush();
    },
  };
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html' });
  res.end(messagePage('404 Not Found', 'No such page.'));
}
