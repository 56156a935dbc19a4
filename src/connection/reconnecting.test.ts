import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../errors.js';
import { sh } from './command.js';
import type { Connection, ExecResult } from './types.js';
import { ReconnectingConnection } from './reconnecting.js';

/** A transport that answers every command with its own name, until the test drops it. */
class Transport implements Connection {
  readonly kind = 'ssh';
  alive = true;
  closed = false;
  constructor(readonly label: string) {}
  async exec(): Promise<ExecResult> {
    if (!this.alive) throw new UnreachableError(`${this.label}: connection lost`);
    return { rc: 0, stdout: this.label, stderr: '', stdoutBytes: Buffer.from(this.label) };
  }
  async put(): Promise<void> {
    if (!this.alive) throw new UnreachableError(`${this.label}: connection lost`);
  }
  async get(): Promise<Buffer> {
    return Buffer.from(this.label);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('ReconnectingConnection', () => {
  it('uses its transport while it lives, and opens nothing', async () => {
    let opened = 0;
    const conn = new ReconnectingConnection(new Transport('first'), async () => (opened++, new Transport('again')));
    expect((await conn.exec(sh`true`)).stdout).toBe('first');
    expect((await conn.exec(sh`true`)).stdout).toBe('first');
    expect(opened).toBe(0);
  });

  it('replaces a transport that dropped (the host rebooted) on the next command, once for concurrent ones', async () => {
    const first = new Transport('first');
    let opened = 0;
    const conn = new ReconnectingConnection(first, async () => new Transport(`again-${++opened}`));
    first.alive = false;
    const [one, two] = await Promise.all([conn.exec(sh`true`), conn.exec(sh`true`), conn.put(Buffer.from('x'), '/tmp/x')]);
    expect([one.stdout, two.stdout]).toEqual(['again-1', 'again-1']);
    expect(opened).toBe(1);
    expect(first.closed).toBe(true);
    expect(conn.label).toBe('again-1');
  });

  it('fails while the host does not answer, and tries again when asked again', async () => {
    const first = new Transport('first');
    let answering = false;
    let tries = 0;
    const conn = new ReconnectingConnection(first, async () => {
      tries++;
      if (!answering) throw new UnreachableError('connection refused');
      return new Transport('back');
    });
    first.alive = false;
    await expect(conn.exec(sh`true`)).rejects.toThrow('connection refused');
    await expect(conn.exec(sh`true`)).rejects.toThrow('connection refused');
    answering = true;
    expect((await conn.exec(sh`true`)).stdout).toBe('back');
    expect(tries).toBe(3);
  });

  it('never reconnects a transport that cannot drop (local)', async () => {
    const local: Connection = {
      kind: 'local',
      label: 'local',
      exec: async () => ({ rc: 0, stdout: 'local', stderr: '', stdoutBytes: Buffer.from('local') }),
      put: async () => undefined,
      get: async () => Buffer.from(''),
      close: async () => undefined,
    };
    const conn = new ReconnectingConnection(local, async () => {
      throw new Error('must not reopen');
    });
    expect((await conn.exec(sh`true`)).stdout).toBe('local');
  });
});
