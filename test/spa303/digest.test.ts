import { describe, expect, it } from 'vitest';
import { DigestVerifier } from '../../src/spa303/digest.js';
import { basicAuthorization, digestAuthorization, parseAuthHeader, parseBasic } from '../../src/util/http-auth.js';

function answer(verifier: DigestVerifier, password: string, uri = '/admin/spacfg.xml'): string {
  const { params } = parseAuthHeader(verifier.challenge());
  return digestAuthorization(
    { realm: params.realm ?? '', nonce: params.nonce ?? '', qop: params.qop, algorithm: params.algorithm },
    { method: 'GET', uri, username: 'admin', password },
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

  it('parses Basic credentials', () => {
    expect(parseBasic(basicAuthorization('admin', 'a:b'))).toEqual({ username: 'admin', password: 'a:b' });
    expect(parseBasic('Digest x=1')).toBeUndefined();
  });
});
