import { userInfo } from 'node:os';
import { openSsh } from './ssh.js';
import type { SshConnection, SshOptions } from './ssh.js';
import type { ConnectionSpec } from './types.js';

/**
 * One SSH connection per (user, address, port, jump host) for the whole run: every task on a host
 * reuses it. Concurrent first requests share the same connect attempt; a connection that dropped
 * is replaced on the next request.
 */
export class SshPool {
  private readonly connections = new Map<string, Promise<SshConnection>>();
  /** TCP connections this pool opened to targets (jump hops not counted). */
  connectionsOpened = 0;

  constructor(private readonly options: SshOptions = {}) {}

  async get(spec: ConnectionSpec): Promise<SshConnection> {
    const key = poolKey(spec);
    for (;;) {
      const existing = this.connections.get(key);
      if (!existing) return this.open(key, spec);
      // Callers waiting on an attempt that fails all get its error; a later get tries again.
      const conn = await existing;
      if (conn.alive) return conn;
      if (this.connections.get(key) === existing) this.connections.delete(key);
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((p) => p.then((c) => c.close(), () => undefined)));
  }

  private open(key: string, spec: ConnectionSpec): Promise<SshConnection> {
    const pending = openSsh(spec, this.options);
    this.connectionsOpened++;
    this.connections.set(key, pending);
    pending.catch(() => {
      if (this.connections.get(key) === pending) this.connections.delete(key);
    });
    return pending;
  }
}

function poolKey(spec: ConnectionSpec): string {
  const user = spec.user ?? userInfo().username;
  return `${user}@${spec.address}:${spec.port ?? 22} via ${spec.jumpHost ?? '-'}`;
}
