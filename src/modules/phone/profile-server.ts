import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBasic } from '../../util/http-auth.js';

/**
 * A one-shot HTTP server the phone loads its profile from during a resync. The profile (which
 * may hold passwords) is served only at a random path, optionally behind random Basic
 * credentials, and the server lives only as long as the resync.
 */
export interface ProfileServer {
  /** The profile's URL, without credentials. */
  url: string;
  /** Credentials the phone must send (`--uid`/`--pwd` of the resync URL), when required. */
  credentials: { uid: string; pwd: string } | undefined;
  /** How many times the profile was delivered. */
  readonly fetches: number;
  close(): Promise<void>;
}

export async function serveProfile(opts: { address: string; xml: string; requireAuth: boolean }): Promise<ProfileServer> {
  const path = `/spa-${randomBytes(16).toString('hex')}.xml`;
  const credentials = opts.requireAuth ? { uid: `p${randomBytes(6).toString('hex')}`, pwd: randomBytes(12).toString('hex') } : undefined;
  let fetches = 0;
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== path) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (credentials) {
      const cred = parseBasic(req.headers.authorization ?? '');
      if (!cred || cred.username !== credentials.uid || cred.password !== credentials.pwd) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="profile"' });
        res.end();
        return;
      }
    }
    fetches++;
    res.writeHead(200, { 'content-type': 'text/xml', 'cache-control': 'no-store' });
    res.end(opts.xml);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}${path}`,
    credentials,
    get fetches() {
      return fetches;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
