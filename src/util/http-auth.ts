/**
 * HTTP authentication, client side and the parsing both sides share: Digest (RFC 2617: MD5 or
 * MD5-sess, with qop=auth or the RFC 2069 form) and Basic. Used by the uri and spa_phone modules
 * and by the SPA303 emulator.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string | undefined;
  opaque?: string | undefined;
  algorithm?: string | undefined;
}

/** Parses `WWW-Authenticate: Digest realm="…", nonce="…", qop="auth,auth-int"`; null when not Digest. */
export function parseDigestChallenge(header: string): DigestChallenge | null {
  const m = /(?:^|,\s*)Digest\s+(.*)$/i.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let p = re.exec(m[1] ?? ''); p; p = re.exec(m[1] ?? '')) {
    const key = (p[1] ?? '').toLowerCase();
    params[key] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  if (params['realm'] === undefined || params['nonce'] === undefined) return null;
  return { realm: params['realm'], nonce: params['nonce'], qop: params['qop'], opaque: params['opaque'], algorithm: params['algorithm'] };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface DigestRequest {
  method: string;
  /** Request-URI: path and query, as sent on the request line. */
  uri: string;
  username: string;
  password: string;
  nc?: number | undefined;
  cnonce?: string | undefined;
}

/** The Authorization header value for one request answering `challenge`. */
export function digestAuthorization(challenge: DigestChallenge, req: DigestRequest): string {
  const algorithm = challenge.algorithm ?? 'MD5';
  if (!/^MD5(-sess)?$/i.test(algorithm)) throw new Error(`unsupported digest algorithm ${algorithm}`);
  const qops = (challenge.qop ?? '').split(',').map((q) => q.trim());
  const qop = qops.includes('auth') ? 'auth' : undefined;
  const nc = (req.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = req.cnonce ?? randomBytes(8).toString('hex');
  let ha1 = md5(`${req.username}:${challenge.realm}:${req.password}`);
  if (/-sess$/i.test(algorithm)) ha1 = md5(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = md5(`${req.method}:${req.uri}`);
  const response = qop ? md5(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${challenge.nonce}:${ha2}`);
  const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const parts = [`username=${q(req.username)}`, `realm=${q(challenge.realm)}`, `nonce=${q(challenge.nonce)}`, `uri=${q(req.uri)}`];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${q(cnonce)}`);
  parts.push(`response=${q(response)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${q(challenge.opaque)}`);
  if (challenge.algorithm !== undefined) parts.push(`algorithm=${algorithm}`);
  return `Digest ${parts.join(', ')}`;
}

/** Parses `Digest a="b", c=d` (or any scheme) into its scheme and parameters. */
export function parseAuthHeader(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(header);
  const scheme = (m?.[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const p of (m?.[2] ?? '').matchAll(re)) {
    const key = p[1];
    if (key) params[key.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme, params };
}

/** Basic credentials from an Authorization header, or undefined. */
export function parseBasic(header: string): { username: string; password: string } | undefined {
  const m = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { username: text.slice(0, i), password: text.slice(i + 1) };
}

export function basicAuthorization(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

/**
 * Compares a secret a client sent with the expected one in constant time: both are hashed first,
 * so the comparison neither stops at the first differing byte nor reveals the expected length.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
