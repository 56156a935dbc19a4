import os from 'node:os';
import path from 'node:path';
import { LocalConnection } from '../connection/local.js';
import { OfflineConnection } from '../connection/offline.js';
import { CountingConnection } from '../connection/counting.js';
import { ReconnectingConnection } from '../connection/reconnecting.js';
import { openSsh } from '../connection/ssh.js';
import type { Connection, ConnectionSpec } from '../connection/types.js';
import { UnreachableError } from '../errors.js';

export type ConnectionFactory = (spec: ConnectionSpec) => Promise<Connection>;

/**
 * The transports, fixed: nothing registers one at run time, so two runs in one process always
 * see the same list. `http` hosts have no connection at all.
 */
const factories: ReadonlyMap<string, ConnectionFactory> = new Map<string, ConnectionFactory>([
  ['local', async () => new LocalConnection()],
  ['ssh', (spec) => openSsh(spec)],
  ['paramiko', (spec) => openSsh(spec)],
  ['offline', async (spec) => new OfflineConnection(spec)],
]);

/** Reads Ansible's connection variables (already templated) into a ConnectionSpec. */
export function connectionSpec(host: string, vars: Record<string, unknown>, acceptNewHostKeys: boolean, offline = false): ConnectionSpec {
  const str = (k: string): string | undefined => (vars[k] === undefined || vars[k] === null ? undefined : String(vars[k]));
  const common = [str('ansible_ssh_common_args'), str('ansible_ssh_extra_args')].filter(Boolean).join(' ');
  const jump = str('play_jump_host') ?? /ProxyJump[= ]\s*([^\s'"]+)/.exec(common)?.[1];
  const knownHosts = str('play_known_hosts_file') ?? /UserKnownHostsFile[= ]\s*([^\s'"]+)/.exec(common)?.[1];
  const key = str('ansible_ssh_private_key_file') ?? str('ansible_private_key_file');
  const timeout = str('ansible_ssh_timeout') ?? str('ansible_timeout');
  const implicitLocal = host === 'localhost' && vars.ansible_connection === undefined;
  return {
    host,
    connection: offline ? 'offline' : implicitLocal ? 'local' : (str('ansible_connection') ?? str('play_default_connection') ?? 'ssh'),
    address: str('ansible_host') ?? str('ansible_ssh_host') ?? host,
    port: vars.ansible_port === undefined ? undefined : Number(vars.ansible_port),
    user: str('ansible_user') ?? str('ansible_ssh_user'),
    password: str('ansible_password') ?? str('ansible_ssh_pass'),
    privateKeyFile: key === undefined ? undefined : expandHome(key),
    knownHostsFile: knownHosts === undefined ? undefined : expandHome(knownHosts),
    acceptNewHostKeys: acceptNewHostKeys || vars.play_accept_new_host_keys === true,
    jumpHost: jump,
    connectTimeoutMs: timeout === undefined ? undefined : Number(timeout) * 1000,
    vars,
  };
}

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

const connectionKey = (spec: ConnectionSpec): string => `${spec.connection}|${spec.user ?? ''}@${spec.address}:${spec.port ?? ''}`;

/** Opens a transport for a spec (no counting, no caching). */
function openConnection(spec: ConnectionSpec): Promise<Connection> {
  const factory = factories.get(spec.connection);
  if (!factory) {
    throw new UnreachableError(`unknown connection type '${spec.connection}' for ${spec.host}`, {
      hint: `ansible_connection must be one of: ${[...factories.keys(), 'http'].join(', ')}`,
    });
  }
  return factory(spec);
}

/**
 * Transports kept open across runs (a long-lived process such as `play serve`): a run borrows
 * them through its own ConnectionManager, so a second scan of the same hosts costs no handshake.
 * Only `closeAll` here closes them.
 */
export class KeptConnections {
  private readonly open = new Map<string, { host: string; conn: Promise<Connection>; ready?: Connection }>();

  /** Whether a transport to this spec is open and alive now (borrowing it opens nothing). */
  isOpen(spec: ConnectionSpec): boolean {
    const ready = this.open.get(connectionKey(spec))?.ready;
    return ready !== undefined && (ready as { alive?: boolean }).alive !== false;
  }

  async get(spec: ConnectionSpec): Promise<Connection> {
    const key = connectionKey(spec);
    const kept = this.open.get(key);
    if (kept) {
      const conn = await kept.conn.catch(() => undefined);
      // a transport that dropped since the last run (sshd restarted) is replaced, not reused
      if (conn && (conn as { alive?: boolean }).alive !== false) return conn;
      if (this.open.get(key) !== kept) return this.get(spec);
      this.open.delete(key);
    }
    const conn = openConnection(spec);
    const entry: { host: string; conn: Promise<Connection>; ready?: Connection } = { host: spec.host, conn };
    this.open.set(key, entry);
    conn.then((c) => (entry.ready = c), () => this.open.delete(key));
    return conn;
  }

  /** Connections currently kept (opened or opening). */
  get size(): number {
    return this.open.size;
  }

  /** Closes and forgets a host's connections (it was unreachable: the next run opens anew). */
  async drop(host: string): Promise<void> {
    const gone = [...this.open].filter(([, v]) => v.host === host);
    for (const [key] of gone) this.open.delete(key);
    await Promise.allSettled(gone.map(async ([, v]) => (await v.conn).close()));
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(all.map(async (v) => (await v.conn).close()));
  }
}

/**
 * One connection per host for the whole run, opened on first use; each counts its round trips.
 * With `kept`, connections are borrowed from a longer-lived pool and left open at the end.
 */
export class ConnectionManager {
  /**
   * @param mask the run's Masker, for traced commands (PLAY_TRACE_ROUND_TRIPS=1).
   * @param kept transports shared with other runs (play serve); undefined: this run's own.
   */
  constructor(
    private readonly mask: (text: string) => string = (text) => text,
    private readonly kept?: KeptConnections,
  ) {}

  private readonly open = new Map<string, Promise<Connection>>();
  /** Round trips of connections already closed or replaced, per inventory host. */
  private readonly counted = new Map<string, CountingConnection[]>();

  /** The host's connection if one is open (or opening), this run's or a kept one; never opens one. */
  opened(spec: ConnectionSpec): Promise<Connection> | undefined {
    const own = this.open.get(connectionKey(spec));
    if (own || !this.kept?.isOpen(spec)) return own;
    return this.get(spec) as Promise<Connection>;
  }

  async get(spec: ConnectionSpec): Promise<Connection | undefined> {
    if (spec.connection === 'http') return undefined;
    const key = connectionKey(spec);
    let conn = this.open.get(key);
    if (!conn) {
      const open = (): Promise<Connection> => (this.kept ? this.kept.get(spec) : openConnection(spec));
      conn = open().then((c) => {
        // a host that drops (a reboot) is reconnected on its next command
        const counting = new CountingConnection(new ReconnectingConnection(c, open), undefined, this.mask);
        this.counted.set(spec.host, [...(this.counted.get(spec.host) ?? []), counting]);
        return counting;
      });
      this.open.set(key, conn);
      conn.catch(() => this.open.delete(key));
    }
    return conn;
  }

  /** Commands sent per inventory host (the host that opened the connection). */
  roundTrips(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [host, conns] of this.counted) out[host] = conns.reduce((n, c) => n + c.roundTrips, 0);
    return out;
  }

  /** Closes this run's connections; borrowed ones stay open in their pool. */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    if (this.kept) return;
    await Promise.allSettled(all.map(async (c) => (await c).close()));
  }
}
