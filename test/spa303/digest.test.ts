import { describe, expect, it } from 'vitest';
import { DigestVerifier } from '../../src/spa303/digest.js';
import { basicAuthorization, digestAuthorization, parseAuthHeader, parseBasic, sameSecret } from '../../src/util/http-auth.js';

function answer(verifier: DigestVerifier, password: string, uri = '/admin/spacfg.xml', challenge = verifier.challenge(), nc = 1): string {
  const { params } = parseAuthHeader(challenge);
  return digestAuthorization(
    { realm: params.realm ?? '', nonce: params.nonce ?? '', qop: params.qop, algorithm: params.algorithm },
    { method: 'GET', uri, username: 'admin', password, nc },
  );
}

describe('HTTP Digest', () => {
  it('computes the RFC 2617 example response', () => {
    // RFC 2617 §3.5: Mufasa / "Circle Of Life"
    const header = digestAuthorization(
      { realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth,auth-int', opaque: '5ccc069c403ebaf9f0171e9517f40e41' },
      { method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle Of Life', nc: 1, cnonce: '0a4f113b' },
    );
    expect(parseAuthHeader(header).params.response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('accepts the right password and refuses a wrong one or a foreign nonce', () => {
    const v = new DigestVerifier();
    expect(parseAuthHeader(v.challenge()).params).toMatchObject({ realm: 'spa admin', qop: 'auth', algorithm: 'MD5' });
    expect(v.verify(answer(v, 'pw1'), 'GET', 'admin', 'pw1')).toBe('ok');
    expect(v.verify(answer(v, 'wrong'), 'GET', 'admin', 'pw1')).toBe('denied');
    expect(v.verify(answer(new DigestVerifier(), 'pw1'), 'GET', 'admin', 'pw1')).toBe('denied');
    expect(v.verify(answer(v, 'pw1'), 'GET', 'user', 'pw1')).toBe('denied');
  });

  it('reports an expired nonce as stale', () => {
    const v = new DigestVerifier('spa admin', -1);
    expect(v.verify(answer(v, 'pw1'), 'GET', 'admin', 'pw1')).toBe('stale');
  });

  it('refuses a replayed request: the nonce count must grow with each use of a nonce', () => {
    const v = new DigestVerifier();
    const challenge = v.challenge();
    const first = answer(v, 'pw1', '/admin/spacfg.xml', challenge, 1);
    expect(v.verify(first, 'GET', 'admin', 'pw1')).toBe('ok');
    expect(v.verify(first, 'GET', 'admin', 'pw1')).toBe('denied'); // the same request again
    expect(v.verify(answer(v, 'pw1', '/admin/spacfg.xml', challenge, 2), 'GET', 'admin', 'pw1')).toBe('ok');
    expect(v.verify(answer(v, 'pw1', '/admin/spacfg.xml', challenge, 2), 'GET', 'admin', 'pw1')).toBe('denied');
    expect(v.verify(answer(v, 'pw1', '/admin/spacfg.xml', challenge, 1), 'GET', 'admin', 'pw1')).toBe('denied');
    expect(v.verify(answer(v, 'pw1', '/admin/spacfg.xml', challenge, 5), 'GET', 'admin', 'pw1')).toBe('ok');
    // another nonce counts on its own
    expect(v.verify(answer(v, 'pw1'), 'GET', 'admin', 'pw1')).toBe('ok');
  });

  it('answers without qop (RFC 2069) open one request per nonce', () => {
    const v = new DigestVerifier();
    const { params } = parseAuthHeader(v.challenge());
    const header = digestAuthorization({ realm: params.realm ?? '', nonce: params.nonce ?? '' }, { method: 'GET', uri: '/admin/spacfg.xml', username: 'admin', password: 'pw1' });
    expect(header).not.toContain('nc=');
    expect(v.verify(header, 'GET', 'admin', 'pw1')).toBe('ok');
    expect(v.verify(header, 'GET', 'admin', 'pw1')).toBe('denied');
  });

  it('a nonce lives 30 s: then a right answer is stale, a wrong one still denied', () => {
    let now = 1_000_000;
    const v = new DigestVerifier('spa admin', undefined, () => now);
    const challenge = v.challenge();
    now += 30_000;
    expect(v.verify(answer(v, 'pw1', '/admin/spacfg.xml', challenge), 'GET', 'admin', 'pw1')).toBe('ok');
    now += 1;
    expect(v.verify(answer(v, 'pw1', '/admin/spacfg.xml', challenge, 2), 'GET', 'admin', 'pw1')).toBe('stale');
    expect(v.verify(answer(v, 'wrong', '/admin/spacfg.xml', challenge, 3), 'GET', 'admin', 'pw1')).toBe('denied');
    expect(v.challenge(true)).toMatch(/, stale=true$/);
  });

  it('compares secrets by digest: equal only when equal, whatever the lengths', () => {
    expect(sameSecret('adm1n-pw', 'adm1n-pw')).toBe(true);
    for (const other of ['adm1n-pX', 'adm1n-p', 'adm1n-pw ', '', 'ADM1N-PW']) expect(sameSecret(other, 'adm1n-pw')).toBe(false);
  });

  it('parses Basic credentials', () => {
    expect(parseBasic(basicAuthorization('admin', 'a:b'))).toEqual({ username: 'admin', password: 'a:b' });
    expect(parseBasic('Digest x=1')).toBeUndefined();
  });
});
