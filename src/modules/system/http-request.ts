/** One HTTP(S) exchange from the controller with node:http: timeouts, redirects, TLS checks, auth. */
import http from 'node:http';
import https from 'node:https';
import { digestAuthorization, parseDigestChallenge } from '../../util/http-auth.js';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
  timeoutMs: number;
  validateCerts: boolean;
  /** none | safe (GET/HEAD only) | all */
  followRedirects: 'none' | 'safe' | 'all';
  username?: string | undefined;
  password?: string | undefined;
  /** Send Basic credentials with the first request instead of waiting for a 401 challenge. */
  forceBasicAuth: boolean;
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

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  let url = new URL(req.url);
  let redirected = false;
  let method = req.method;
  const hasCreds = req.username !== undefined && req.username !== '';
  for (let hop = 0; hop < 10; hop++) {
    const current = { ...req, method, body: method === req.method ? req.body : undefined };
    let res = await once(current, url, hasCreds && req.forceBasicAuth ? basic(req.username ?? '', req.password ?? '') : undefined);
    if (res.status === 401 && hasCreds && !req.forceBasicAuth) {
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
    url = new URL(location, url);
    redirected = true;
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) method = 'GET';
  }
  throw new Error(`too many redirects from ${req.url}`);
}
