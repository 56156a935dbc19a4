import http from 'node:http';
import { basicAuthorization, digestAuthorization, parseAuthHeader } from '../../util/http-auth.js';
import { parseFlatProfile, profileValues } from '../../protocol/spa303/flat-profile.js';

/**
 * HTTP access to an SPA phone's admin pages as user `admin`: answers whichever challenge the
 * phone sends (Digest preferred, Basic accepted) and reads /admin/spacfg.xml.
 */
export interface SpaEndpoint {
  host: string;
  port: number;
  /** Admin password; undefined when the phone is expected to have none. */
  password: string | undefined;
  timeoutMs: number;
}

export type SpaFailure = 'unreachable' | 'busy' | 'auth' | 'no-password' | 'status' | 'bad-profile';

export class SpaRequestError extends Error {
  constructor(
    readonly failure: SpaFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SpaRequestError';
  }
}

interface RawResponse {
  status: number;
  challenges: string[];
  body: string;
}

export function endpointUrl(ep: Pick<SpaEndpoint, 'host' | 'port'>): string {
  const host = ep.host.includes(':') ? `[${ep.host}]` : ep.host;
  return `http://${host}:${ep.port}`;
}

function request(ep: SpaEndpoint, path: string, authorization?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'close' };
    if (authorization) headers.authorization = authorization;
    const req = http.request({ host: ep.host, port: ep.port, path, method: 'GET', headers, timeout: ep.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // rawHeaders keeps several WWW-Authenticate headers apart (headers{} would join them)
        const challenges: string[] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          if (res.rawHeaders[i]?.toLowerCase() === 'www-authenticate') challenges.push(res.rawHeaders[i + 1] ?? '');
        resolve({ status: res.statusCode ?? 0, challenges, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => reject(unreachable(ep, err)));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => reject(unreachable(ep, err)));
    req.end();
  });
}

function unreachable(ep: SpaEndpoint, err: Error): SpaRequestError {
  const code = (err as NodeJS.ErrnoException).code;
  return new SpaRequestError('unreachable', `cannot reach the phone at ${endpointUrl(ep)}: ${code ?? err.message}`);
}

/** GET an admin page, authenticating as the phone asks. Non-2xx answers become SpaRequestErrors. */
export async function spaGet(ep: SpaEndpoint, path: string): Promise<string> {
  let res = await request(ep, path);
  if (res.status === 401) {
    if (ep.password === undefined) {
      throw new SpaRequestError('no-password', `the phone at ${endpointUrl(ep)} asks for an admin password and none was given`, 401);
    }
    // a second round only when the phone says our nonce was merely stale
    for (let attempt = 0; attempt < 2; attempt++) {
      const authorization = answerChallenge(res.challenges, path, ep.password);
      if (!authorization) throw new SpaRequestError('auth', `the phone at ${endpointUrl(ep)} asks for an authentication scheme this client does not speak`, 401);
      res = await request(ep, path, authorization);
      const stale = res.challenges.some((c) => parseAuthHeader(c).params.stale?.toLowerCase() === 'true');
      if (res.status !== 401 || !stale) break;
    }
  }
  if (res.status === 401) throw new SpaRequestError('auth', `the phone at ${endpointUrl(ep)} rejected the admin password`, 401);
  if (res.status === 503) throw new SpaRequestError('busy', `the phone at ${endpointUrl(ep)} is busy (503, restarting)`, 503);
  if (res.status < 200 || res.status > 299) {
    throw new SpaRequestError('status', `GET ${path} on the phone at ${endpointUrl(ep)} answered ${res.status}`, res.status);
  }
  return res.body;
}

function answerChallenge(challenges: readonly string[], uri: string, password: string): string | undefined {
  const parsed = challenges.map(parseAuthHeader);
  const digest = parsed.find((c) => c.scheme === 'digest');
  if (digest?.params.nonce !== undefined && digest.params.realm !== undefined) {
    const { realm, nonce, qop, opaque, algorithm } = digest.params;
    if (algorithm === undefined || algorithm.toUpperCase() === 'MD5')
      return digestAuthorization({ realm, nonce, qop, opaque, algorithm }, { method: 'GET', uri, username: 'admin', password });
  }
  if (parsed.some((c) => c.scheme === 'basic')) return basicAuthorization('admin', password);
  return undefined;
}

/** The phone's running configuration: parameter name → value as spacfg.xml reports it. */
export async function readSpaConfig(ep: SpaEndpoint): Promise<Map<string, string>> {
  const xml = await spaGet(ep, '/admin/spacfg.xml');
  let values: Map<string, string>;
  try {
    values = profileValues(parseFlatProfile(xml));
  } catch (err) {
    throw new SpaRequestError('bad-profile', `the phone at ${endpointUrl(ep)} returned an unreadable spacfg.xml: ${(err as Error).message}`);
  }
  if (values.size === 0) throw new SpaRequestError('bad-profile', `the phone at ${endpointUrl(ep)} returned a spacfg.xml without parameters`);
  return values;
}

/**
 * Retries `attempt` while the phone reports failures listed in `transient` (a restarting phone
 * answers 503 or refuses connections), until the deadline; then the last failure is thrown.
 */
export async function retrying<T>(attempt: () => Promise<T>, transient: readonly SpaFailure[], deadline: number, pollMs = 500): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof SpaRequestError) || !transient.includes(err.failure) || Date.now() + pollMs > deadline) throw err;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
