import { setTimeout as sleep } from 'node:timers/promises';
import { ModuleError, UnreachableError } from '../../errors.js';
import { renderFlatProfile } from '../../protocol/spa303/flat-profile.js';
import { serveProfile } from './profile-server.js';
import { endpointUrl, readSpaConfig, retrying, spaGet, SpaRequestError, type SpaEndpoint } from './spa-client.js';
import { changesApplied } from './spa-compare.js';

/**
 * Applying a spa_phone change: serve the profile, ask the phone to resync from it, and wait
 * until spacfg.xml shows the new values (the phone applies profiles in the background and may
 * restart on the way, so refused connections and 503s are expected for a while).
 */
export interface ResyncRequest {
  endpoint: SpaEndpoint;
  changes: ReadonlyMap<string, string>;
  serveAddress: string;
  profileAuth: boolean;
  reboot: boolean;
  deadline: number;
  pollMs?: number;
}

export async function resyncPhone(r: ResyncRequest): Promise<void> {
  const xml = renderFlatProfile([...r.changes].map(([name, value]) => ({ name, value })));
  const server = await serveProfile({ address: r.serveAddress, xml, requireAuth: r.profileAuth }).catch((err: unknown) => {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ModuleError(`cannot serve the profile on ${r.serveAddress}: ${why}`, {}, {
      hint: 'serve_address must be an address of this machine that the phone can reach',
    });
  });
  // once the profile sets a new admin password, the phone wants that one
  const newAdmin = r.changes.get('Admin_Passwd');
  const endpoints = newAdmin === undefined ? [r.endpoint] : [{ ...r.endpoint, password: newAdmin || undefined }, r.endpoint];
  try {
    const query = `/admin/resync?${resyncQuery(server.url, server.credentials)}`;
    await retrying(() => spaGet(r.endpoint, query), ['busy', 'unreachable'], r.deadline, r.pollMs).catch((err: unknown) => {
      throw asTaskError(err, 'resync request');
    });
    await waitFor(r, endpoints, (config) => server.fetches > 0 && changesApplied(config, r.changes), () =>
      server.fetches === 0
        ? `the phone never fetched its profile from ${server.url}`
        : 'the phone fetched its profile but does not show the new values',
    );
  } finally {
    await server.close();
  }
  if (r.reboot) {
    const ep = endpoints[0] as SpaEndpoint;
    await retrying(() => spaGet(ep, '/admin/reboot'), ['busy', 'unreachable'], r.deadline, r.pollMs).catch((err: unknown) => {
      throw asTaskError(err, 'reboot request');
    });
    await sleep(r.pollMs ?? 500);
    await waitFor(r, endpoints, () => true, () => 'the phone did not come back after the reboot');
  }
}

/** `[--uid u --pwd p]URL`, with the characters the phone wants encoded (spaces, brackets). */
export function resyncQuery(url: string, credentials: { uid: string; pwd: string } | undefined): string {
  const spec = credentials ? `[--uid ${credentials.uid} --pwd ${credentials.pwd}]${url}` : url;
  return spec.replace(/[ [\]%]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

async function waitFor(
  r: ResyncRequest,
  endpoints: readonly SpaEndpoint[],
  done: (config: Map<string, string>) => boolean,
  why: () => string,
): Promise<void> {
  let last = '';
  while (Date.now() < r.deadline) {
    for (const ep of endpoints) {
      try {
        if (done(await readSpaConfig(ep))) return;
        last = '';
        break;
      } catch (err) {
        if (!(err instanceof SpaRequestError)) throw err;
        last = err.message;
        // a restarting phone refuses or answers 503; a changed admin password shows as 401
        if (err.failure !== 'unreachable' && err.failure !== 'busy' && err.failure !== 'auth' && err.failure !== 'no-password') throw asTaskError(err, 'polling');
      }
    }
    await sleep(Math.min(r.pollMs ?? 500, Math.max(0, r.deadline - Date.now())));
  }
  const url = endpointUrl(r.endpoint);
  throw new ModuleError(`timed out waiting for the phone at ${url}: ${why()}${last ? ` (last error: ${last})` : ''}`, {}, {
    hint: 'check that serve_address is an address of this machine the phone can reach, or raise timeout',
  });
}

/** Maps a client failure to what the task reports: unreachable host, or a failed task with a hint. */
export function asTaskError(err: unknown, what: string): Error {
  if (!(err instanceof SpaRequestError)) return err instanceof Error ? err : new Error(String(err));
  if (err.failure === 'unreachable') return new UnreachableError(err.message, { hint: 'is the phone powered and the host/port right?' });
  if (err.failure === 'no-password') return new ModuleError(err.message, {}, { hint: 'set admin_password for this phone' });
  if (err.failure === 'auth') return new ModuleError(err.message, {}, { hint: "check admin_password (the admin user name is always 'admin')" });
  return new ModuleError(`${what}: ${err.message}`);
}
