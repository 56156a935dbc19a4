import { createHash, createHmac, randomBytes } from 'node:crypto';
import { parseAuthHeader, sameSecret } from '../util/http-auth.js';

/**
 * HTTP Digest authentication (RFC 7616 subset: MD5, qop=auth) as the SPA3xx web server speaks it,
 * server side (challenge + verify); clients answer with src/util/http-auth.ts.
 */

export const SPA_REALM = 'spa admin';

/** How long a nonce may be answered (the client asks again, told stale=true, after that). */
export const NONCE_LIFETIME_MS = 30_000;

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/**
 * Server side: nonces carry their own issue time and an HMAC, so the server rejects nonces it did
 * not issue or that are too old (stale=true). Within its lifetime a nonce may be used again, but
 * only with a higher nonce count each time (RFC 7616 §3.4): a replayed request is refused. The
 * counts are kept only for the nonces still alive, so the table stays small.
 */
export class DigestVerifier {
  private readonly key = randomBytes(32);
  /** Highest nonce count seen per live nonce, and when the nonce was issued. */
  private readonly counts = new Map<string, { issued: number; nc: number }>();

  constructor(
    readonly realm: string = SPA_REALM,
    private readonly nonceLifetimeMs = NONCE_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  challenge(stale = false): string {
    const issued = this.now().toString(36);
    const nonce = `${issued}.${this.sign(issued)}`;
    return `Digest realm="${this.realm}", nonce="${nonce}", qop="auth", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /** 'ok', 'stale' (right password, expired nonce: the client should retry) or 'denied'. */
  verify(header: string, method: string, username: string, password: string): 'ok' | 'stale' | 'denied' {
    const { scheme, params: p } = parseAuthHeader(header);
    if (scheme !== 'digest' || !sameSecret(p.username ?? '', username) || p.realm !== this.realm) return 'denied';
    const nonce = p.nonce ?? '';
    const [issuedText = '', mac = ''] = nonce.split('.');
    if (!sameSecret(mac, this.sign(issuedText))) return 'denied';
    if (p.algorithm !== undefined && p.algorithm.toUpperCase() !== 'MD5') return 'denied';
    const ha1 = md5(`${username}:${this.realm}:${password}`);
    const ha2 = md5(`${method}:${p.uri ?? ''}`);
    const expected =
      p.qop === 'auth'
        ? md5(`${ha1}:${nonce}:${p.nc ?? ''}:${p.cnonce ?? ''}:auth:${ha2}`)
        : p.qop === undefined
          ? md5(`${ha1}:${nonce}:${ha2}`)
          : '';
    if (!expected || !sameSecret(expected, p.response ?? '')) return 'denied';
    const now = this.now();
    this.forgetExpired(now);
    const issued = parseInt(issuedText, 36);
    if (!Number.isFinite(issued) || now - issued > this.nonceLifetimeMs) return 'stale';
    // without qop there is no count: such a nonce is good for one request
    const nc = p.qop === 'auth' ? nonceCount(p.nc) : 1;
    const seen = this.counts.get(nonce);
    if (nc === undefined || (seen !== undefined && nc <= seen.nc)) return 'denied';
    this.counts.set(nonce, { issued, nc });
    return 'ok';
  }

  private forgetExpired(now: number): void {
    for (const [nonce, { issued }] of this.counts) if (now - issued > this.nonceLifetimeMs) this.counts.delete(nonce);
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.key).update(issued).digest('hex').slice(0, 32);
  }
}

/** nc: eight hex digits, at least 1. */
function nonceCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9a-f]{8}$/i.test(text)) return undefined;
  const n = parseInt(text, 16);
  return n >= 1 ? n : undefined;
}
