import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HTTP Digest authentication (RFC 7616 subset: MD5, qop=auth) as the SPA3xx web server speaks it,
 * shared by the emulator (challenge + verify) and the spa_phone client (answer a challenge).
 */

export const SPA_REALM = 'spa admin';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

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

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string | undefined;
  opaque?: string | undefined;
  algorithm?: string | undefined;
}

/** The Authorization header answering a Digest challenge (client side). */
export function digestAuthorization(
  challenge: DigestChallenge,
  req: { method: string; uri: string; username: string; password: string; nc?: number; cnonce?: string },
): string {
  const ha1 = md5(`${req.username}:${challenge.realm}:${req.password}`);
  const ha2 = md5(`${req.method}:${req.uri}`);
  const qops = (challenge.qop ?? '').split(',').map((s) => s.trim());
  const fields: [string, string, boolean][] = [
    ['username', req.username, true],
    ['realm', challenge.realm, true],
    ['nonce', challenge.nonce, true],
    ['uri', req.uri, true],
  ];
  let response: string;
  if (qops.includes('auth')) {
    const nc = (req.nc ?? 1).toString(16).padStart(8, '0');
    const cnonce = req.cnonce ?? randomBytes(8).toString('hex');
    response = md5(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`);
    fields.push(['qop', 'auth', false], ['nc', nc, false], ['cnonce', cnonce, true]);
  } else {
    // RFC 2069 style, for servers that offer no qop
    response = md5(`${ha1}:${challenge.nonce}:${ha2}`);
  }
  fields.push(['response', response, true]);
  if (challenge.opaque !== undefined) fields.push(['opaque', challenge.opaque, true]);
  if (challenge.algorithm !== undefined) fields.push(['algorithm', challenge.algorithm, false]);
  return 'Digest ' + fields.map(([k, v, q]) => (q ? `${k}="${v.replace(/["\\]/g, '\\$&')}"` : `${k}=${v}`)).join(', ');
}

/**
 * Server side: issues nonces that carry their own issue time and an HMAC, so the server needs
 * no nonce table and rejects nonces it did not issue or that are too old.
 */
export class DigestVerifier {
  private readonly key = randomBytes(32);

  constructor(
    readonly realm: string = SPA_REALM,
    private readonly maxNonceAgeMs = 300_000,
  ) {}

  challenge(stale = false): string {
    const issued = Date.now().toString(36);
    const nonce = `${issued}.${this.sign(issued)}`;
    return `Digest realm="${this.realm}", nonce="${nonce}", qop="auth", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /** 'ok', 'stale' (right password, expired nonce: the client should retry) or 'denied'. */
  verify(header: string, method: string, username: string, password: string): 'ok' | 'stale' | 'denied' {
    const { scheme, params: p } = parseAuthHeader(header);
    if (scheme !== 'digest' || p.username !== username || p.realm !== this.realm) return 'denied';
    const nonce = p.nonce ?? '';
    const [issued = '', mac = ''] = nonce.split('.');
    if (!safeEqual(mac, this.sign(issued))) return 'denied';
    if (p.algorithm !== undefined && p.algorithm.toUpperCase() !== 'MD5') return 'denied';
    const ha1 = md5(`${username}:${this.realm}:${password}`);
    const ha2 = md5(`${method}:${p.uri ?? ''}`);
    const expected =
      p.qop === 'auth'
        ? md5(`${ha1}:${nonce}:${p.nc ?? ''}:${p.cnonce ?? ''}:auth:${ha2}`)
        : p.qop === undefined
          ? md5(`${ha1}:${nonce}:${ha2}`)
          : '';
    if (!expected || !safeEqual(expected, p.response ?? '')) return 'denied';
    const age = Date.now() - parseInt(issued, 36);
    return Number.isFinite(age) && age <= this.maxNonceAgeMs ? 'ok' : 'stale';
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.key).update(issued).digest('hex').slice(0, 32);
  }
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
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
