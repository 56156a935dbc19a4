import http from 'node:http';
import { basicAuthorization } from '../util/http-auth.js';

/**
 * The resync URL the phone is given (`/admin/resync?[--uid u --pwd p]URL`) and fetching the
 * profile it names. The emulator only fetches over http and only from loopback addresses: it
 * must never become a way to make requests to other machines.
 */
export interface ResyncTarget {
  url: URL;
  uid?: string | undefined;
  pwd?: string | undefined;
}

export class ResyncRefused extends Error {}

export function parseResyncTarget(rawQuery: string): ResyncTarget {
  let spec: string;
  try {
    spec = decodeURIComponent(rawQuery.replace(/\+/g, ' ')).trim();
  } catch {
    throw new ResyncRefused('bad URL encoding');
  }
  let uid: string | undefined;
  let pwd: string | undefined;
  const opts = /^\[([^\]]*)\]\s*/.exec(spec);
  if (opts) {
    const words = (opts[1] ?? '').trim().split(/\s+/);
    for (let i = 0; i < words.length; i += 2) {
      const value = words[i + 1];
      if (words[i] === '--uid') uid = value;
      else if (words[i] === '--pwd') pwd = value;
      else if (words[i]) throw new ResyncRefused(`unknown resync option ${words[i]}`);
    }
    spec = spec.slice(opts[0].length);
  }
  if (!spec) throw new ResyncRefused('no profile URL given');
  // the phone's default scheme is TFTP
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) ? spec : `tftp://${spec}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ResyncRefused(`bad profile URL ${spec}`);
  }
  if (url.protocol !== 'http:') throw new ResyncRefused(`${url.protocol.replace(':', '')} profiles are not supported by this emulator (http only)`);
  if (!isLoopbackHost(url.hostname)) throw new ResyncRefused(`refusing to fetch a profile from ${url.hostname}: only loopback addresses are allowed`);
  return { url, uid, pwd };
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** GETs the profile (Basic auth when --uid/--pwd were given); rejects on any non-200. */
export function fetchProfile(target: ResyncTarget, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (target.uid !== undefined) headers.authorization = basicAuthorization(target.uid, target.pwd ?? '');
    const req = http.get(target.url, { headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 200) resolve(Buffer.concat(chunks).toString('utf8'));
        else reject(new Error(`profile server answered ${res.statusCode}`));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('profile server timed out')));
    req.on('error', reject);
  });
}
