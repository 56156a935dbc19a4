/** One HTTP(S) exchange from the controller with node:http: timeouts, redirects, TLS checks, auth. */
import http from 'node:http';
import https from 'node:https';
import { digestAuthorization, parseDigestChallenge } from '../../util/http-auth.js';

export interface HttpRequest {
  url: string;
  method: string;
  /** The task's own headers: sent to the URL's origin only (scheme, host and port), never after a redirect elsewhere. */
  headers: Record<string, string>;
  body?: Buffer | undefined;
  timeoutMs: number;
  validateCerts: boolean;
  /** none | safe (GET/HEAD only, never from https to http) | all */
  followRedirects: 'none' | 'safe' | 'all';
  /** Credentials for the URL's origin only, as the task's headers. */
  username?: string | undefined;
  password?: string | undefined;
  /** Send Basic credentials with the first request instead of waiting for a 401 challenge. */
  forceBasicAuth: boolean;
}

/** A redirect that is not followed because it would leave https (follow_redirects: all follows it). */
export class RedirectRefused extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`refusing the redirect from ${from} to ${to}: it leaves https for plain http`);
    this.name = 'RedirectRefused';
  }
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  redirected: boolean;
}

function once(req: HttpRequest, url: URL, authorization: string | undefined): Promise<Omit<HttpResponse, 'url' | 'redirected'>> {
  const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!lib) return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
  const headers: Record<string, string> = { ...req.headers };
  if (authorization !== undefined) headers['Authorization'] = authorization;
  if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
  return new Promise((resolve, reject) => {
    const r = lib.request(url, { method: req.method, headers, timeout: req.timeoutMs, rejectUnauthorized: req.validateCerts }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: out, body: Buffer.concat(chunks) });
      });
    });
    r.on('timeout', () => r.destroy(new Error(`timed out after ${req.timeoutMs / 1000} s`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * The request, following redirects as `followRedirects` allows. Credentials and the task's headers
 * belong to the first URL's origin, as urllib's auth handlers and curl keep them: a redirect to
 * another scheme, host or port gets neither (a 401 there is not answered), only the body's
 * Content-Type when a 307/308 sends the body on.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const first = new URL(req.url);
  let url = first;
  let redirected = false;
  let method = req.method;
  const hasCreds = req.username !== undefined && req.username !== '';
  for (let hop = 0; hop < 10; hop++) {
    const home = url.origin === first.origin;
    const body = method === req.method ? req.body : undefined;
    const current = { ...req, method, body, headers: home ? req.headers : bodyHeaders(req.headers, body) };
    const creds = home && hasCreds;
    let res = await once(current, url, creds && req.forceBasicAuth ? basic(req.username ?? '', req.password ?? '') : undefined);
    if (res.status === 401 && creds && !req.forceBasicAuth) {
      const challenge = res.headers['www-authenticate'] ?? '';
      const digest = parseDigestChallenge(challenge);
      const auth = digest
        ? digestAuthorization(digest, { method, uri: url.pathname + url.search, username: req.username ?? '', password: req.password ?? '' })
        : /^\s*Basic\b/i.test(challenge)
          ? basic(req.username ?? '', req.password ?? '')
          : undefined;
      if (auth !== undefined) res = await once(current, url, auth);
    }
    const location = res.headers['location'];
    const isRedirect = [301, 302, 303, 307, 308].includes(res.status) && location !== undefined;
    const safe = method === 'GET' || method === 'HEAD';
    if (!isRedirect || req.followRedirects === 'none' || (req.followRedirects === 'safe' && !safe)) {
      return { ...res, url: url.toString(), redirected };
    }
    const next = new URL(location, url);
    if (url.protocol === 'https:' && next.protocol === 'http:' && req.followRedirects !== 'all') throw new RedirectRefused(url.toString(), next.toString());
    url = next;
    redirected = true;
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) method = 'GET';
  }
  throw new Error(`too many redirects from ${req.url}`);
}

/** What another origin gets of the task's headers: the body's Content-Type, when the body goes on. */
function bodyHeaders(headers: Record<string, string>, body: Buffer | undefined): Record<string, string> {
  if (body === undefined) return {};
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() === 'content-type'));
}
