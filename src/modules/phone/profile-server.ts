import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBasic, sameSecret } from '../../util/http-auth.js';

/**
 * A one-shot HTTP server the phone loads its profile from during a resync. The profile (which
 * may hold passwords) is served only at a random path, optionally behind random Basic
 * credentials, exactly once: after the first delivery every request gets 404 and the server
 * stops listening, so a second fetch (a replay, or anyone who learnt the URL) gets nothing.
 */
export interface ProfileServer {
  /** The profile's URL, without credentials. */
  url: string;
  /** Credentials the phone must send (`--uid`/`--pwd` of the resync URL), when required. */
  credentials: { uid: string; pwd: string } | undefined;
  /** How many times the profile was delivered: 0 or 1. */
  readonly fetches: number;
  close(): Promise<void>;
}

export async function serveProfile(opts: { address: string; xml: string; requireAuth: boolean }): Promise<ProfileServer> {
  const path = `/spa-${randomBytes(16).toString('hex')}.xml`;
  const credentials = opts.requireAuth ? { uid: `p${randomBytes(6).toString('hex')}`, pwd: randomBytes(12).toString('hex') } : undefined;
  let fetches = 0;
  const server = http.createServer((req, res) => {
    if (fetches > 0 || req.method !== 'GET' || req.url !== path) {
      res.writeHead(404, { connection: 'close' });
      res.end();
      return;
    }
    if (credentials) {
      const cred = parseBasic(req.headers.authorization ?? '');
      // in constant time, both of them: the answer's timing tells nothing about either
      const uidOk = sameSecret(cred?.username ?? '', credentials.uid);
      const pwdOk = sameSecret(cred?.password ?? '', credentials.pwd);
      if (!cred || !uidOk || !pwdOk) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="profile"' });
        res.end();
        return;
      }
    }
    fetches++;
    res.writeHead(200, { 'content-type': 'text/xml', 'cache-control': 'no-store', connection: 'close' });
    res.end(opts.xml);
    server.close(); // no new connections; the resync's close() waits for nothing more
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
