import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseAuthHeader } from '../util/http-auth.js';

/**
 * HTTP Digest authentication (RFC 7616 subset: MD5, qop=auth) as the SPA3xx web server speaks it,
 * server side (challenge + verify); clients answer with src/util/http-auth.ts.
 */

export const SPA_REALM = 'spa admin';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

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
