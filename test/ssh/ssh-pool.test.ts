import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/errors.js';
import { rawCommand } from '../../src/connection/command.js';
import { sshStats } from '../../src/connection/ssh-connect.js';
import { SshPool } from '../../src/connection/ssh-pool.js';
import { parseProxyJump } from '../../src/connection/ssh-proxy-jump.js';
import { startSshd, sshdSkipReason } from './sshd-fixture.js';
import type { Sshd } from './sshd-fixture.js';

// Budget: 50 sequential commands in one test, each a fork on the target; a loaded 2-core
// machine makes one take a second or more.
describe.skipIf(sshdSkipReason !== undefined)(`SshPool and jump hosts ${sshdSkipReason ?? ''}`, { timeout: 180_000 }, () => {
  let sshd: Sshd;
  let pool: SshPool;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterEach(async () => {
    await pool?.closeAll();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  const newPool = (): SshPool => (pool = new SshPool({ homeDir: sshd.home, agentSocket: undefined }));
  const accepted = (): number => sshd.count(/Accepted publickey for /);
  const tcpConnections = (): number => sshd.count(/^Connection from 127\.0\.0\.1 port \d+ on /);

  it('runs 50 tasks over exactly one TCP connection', async () => {
    newPool();
    const [acceptedBefore, tcpBefore, openedBefore] = [accepted(), tcpConnections(), sshStats.connectionsOpened];
    for (let task = 0; task < 50; task++) {
      const conn = await pool.get(sshd.spec());
      expect((await conn.exec(rawCommand(`echo ${task}`))).stdout).toBe(`${task}\n`);
    }
    expect(pool.connectionsOpened).toBe(1);
    expect(sshStats.connectionsOpened - openedBefore).toBe(1);
    // Independently of our own counters: what sshd saw.
    expect(accepted() - acceptedBefore).toBe(1);
    expect(tcpConnections() - tcpBefore).toBe(1);
  });

  it('shares one connect attempt between concurrent first requests', async () => {
    newPool();
    const conns = await Promise.all(Array.from({ length: 10 }, () => pool.get(sshd.spec())));
    expect(new Set(conns).size).toBe(1);
    expect(pool.connectionsOpened).toBe(1);
  });

  it('keeps different users or ports apart', async () => {
    newPool();
    const a = await pool.get(sshd.spec());
    const b = await pool.get(sshd.spec({ host: 'alias-of-same-host' }));
    expect(a).toBe(b);
    await expect(pool.get(sshd.spec({ user: 'nobody' }))).rejects.toThrow(UnreachableError);
    expect(pool.connectionsOpened).toBe(2);
  });

  it('replaces a connection that dropped', async () => {
    newPool();
    const first = await pool.get(sshd.spec());
    await expect(first.exec(rawCommand('kill -9 $PPID; sleep 5'))).rejects.toThrow(UnreachableError);
    const second = await pool.get(sshd.spec());
    expect(second).not.toBe(first);
    expect((await second.exec(rawCommand('echo back'))).stdout).toBe('back\n');
    expect(pool.connectionsOpened).toBe(2);
  });

  it('retries a failed connect on the next request, but shares the failure among concurrent waiters', async () => {
    newPool();
    const bad = sshd.spec({ privateKeyFile: '/nonexistent/key' });
    const results = await Promise.allSettled([pool.get(bad), pool.get(bad)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(pool.connectionsOpened).toBe(1);
    await expect(pool.get(bad)).rejects.toThrow(UnreachableError);
    expect(pool.connectionsOpened).toBe(2);
  });

  it('reaches the target through a jump host (ProxyJump from ssh_common_args)', async () => {
    newPool();
    const jumpHost = parseProxyJump(`-o StrictHostKeyChecking=yes -o ProxyJump=${sshd.user}@127.0.0.1:${sshd.port}`);
    const [acceptedBefore, openedBefore] = [accepted(), sshStats.connectionsOpened];
    const conn = await pool.get(sshd.spec({ jumpHost }));
    const res = await conn.exec(rawCommand('echo "$SSH_CONNECTION"'));
    // The target sees the connection coming from the jump host's side of a forwarded channel.
    expect(res.stdout).toMatch(/^127\.0\.0\.1 \d+ 127\.0\.0\.1 \d+\n$/);
    expect(accepted() - acceptedBefore).toBe(2);
    expect(sshStats.connectionsOpened - openedBefore).toBe(2);
    expect(sshd.log()).toMatch(/direct-tcpip|Accepted publickey/);
  });

  it('says when the jump host cannot reach the target', async () => {
    newPool();
    const err: unknown = await pool
      .get(sshd.spec({ port: 1, jumpHost: `${sshd.user}@127.0.0.1:${sshd.port}` }))
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).toMatch(/jump host .* could not reach 127\.0\.0\.1:1/);
  });
});
