import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/errors.js';
import { rawCommand } from '../../src/connection/command.js';
import { openSsh } from '../../src/connection/ssh.js';
import type { SshOptions } from '../../src/connection/ssh.js';
import { startPasswordServer } from './ssh2-server-fixture.js';
import type { PasswordServer } from './ssh2-server-fixture.js';
import { startSshd, sshdSkipReason } from './sshd-fixture.js';
import type { Sshd } from './sshd-fixture.js';

// Any other ed25519 key: what the known_hosts line looks like after the server was reinstalled.
const OTHER_ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICyDsfjrO/+0MEi9U9wHmfFNIhw43UPqTV859+hDt+1p';

async function rejection(p: Promise<unknown>): Promise<UnreachableError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UnreachableError);
  return err as UnreachableError;
}

describe.skipIf(sshdSkipReason !== undefined)(`connecting ${sshdSkipReason ?? ''}`, { timeout: 180_000 }, () => {
  let sshd: Sshd;
  let opts: SshOptions;
  beforeAll(async () => {
    sshd = await startSshd();
    opts = { homeDir: sshd.home, agentSocket: undefined };
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('reports a closed port as "connection refused", fast', async () => {
    const port = await closedPort();
    const started = Date.now();
    const err = await rejection(openSsh(sshd.spec({ port }), opts));
    expect(err.message).toMatch(/connection refused/);
    expect(err.message).toContain(`[127.0.0.1]:${port}`);
    // not after the 10 s connect timeout
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('times out against a server that never speaks SSH', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const err = await rejection(openSsh(sshd.spec({ port, connectTimeoutMs: 400 }), opts));
      expect(err.message).toMatch(/timed out/);
    } finally {
      silent.close();
    }
  });

  it('refuses an unknown host key and shows its SHA256 fingerprint', async () => {
    const empty = join(sshd.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const err = await rejection(openSsh(sshd.spec({ knownHostsFile: empty }), opts));
    expect(err.message).toContain(sshd.hostFingerprint);
    expect(sshd.hostFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(err.hint).toBe('run with --accept-new-host-keys or add it with ssh-keyscan');
  });

  it('with accept-new, records the key (0700 dir, 0600 file) and then trusts it', async () => {
    const home = join(sshd.dir, 'fresh-home');
    mkdirSync(home);
    const file = join(home, '.ssh', 'known_hosts');
    const first = await openSsh(sshd.spec({ knownHostsFile: undefined, acceptNewHostKeys: true }), { ...opts, homeDir: home });
    await first.close();
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.ssh')).mode & 0o777).toBe(0o700);
    const second = await openSsh(sshd.spec({ knownHostsFile: undefined }), { ...opts, homeDir: home });
    expect((await second.exec(rawCommand('echo ok'))).stdout).toBe('ok\n');
    await second.close();
    // OpenSSH itself accepts what was written.
    execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', file]);
  });

  it('fails on a CHANGED host key even with accept-new, and leaves known_hosts alone', async () => {
    const file = join(sshd.dir, 'changed_known_hosts');
    const before = `# lab\n[127.0.0.1]:${sshd.port} ${OTHER_ED25519}\n`;
    writeFileSync(file, before);
    const err = await rejection(openSsh(sshd.spec({ knownHostsFile: file, acceptNewHostKeys: true }), opts));
    expect(err.message).toContain('HOST KEY CHANGED');
    expect(err.message).toContain(`${file}:2`);
    expect(err.message).toContain(sshd.hostFingerprint);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a key of a new type for a host known by another type, even with accept-new, as OpenSSH does', async () => {
    // The host is recorded with an ed25519 key; the server now offers only an RSA key.
    const rsaOnly = await startSshd({ hostKeyType: 'rsa' });
    try {
      const file = join(rsaOnly.dir, 'ed25519_known_hosts');
      const before = `# lab\n[127.0.0.1]:${rsaOnly.port} ${sshd.hostPublicKey}\n`;
      writeFileSync(file, before);
      const err = await rejection(openSsh(rsaOnly.spec({ knownHostsFile: file, acceptNewHostKeys: true }), { ...opts, homeDir: rsaOnly.home }));
      expect(err.message).toContain('HOST KEY CHANGED');
      expect(err.message).toContain(`ssh-ed25519 (${file}:2)`);
      expect(err.message).toContain(`ssh-rsa ${rsaOnly.hostFingerprint}`);
      expect(err.hint).toContain(`ssh-keygen -R '[127.0.0.1]:${rsaOnly.port}'`);
      expect(readFileSync(file, 'utf8')).toBe(before);
      // OpenSSH's own client, with StrictHostKeyChecking=accept-new, refuses the same server.
      const openssh = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn('ssh', [
          '-F', '/dev/null', '-o', `UserKnownHostsFile=${file}`, '-o', 'GlobalKnownHostsFile=/dev/null',
          '-o', 'StrictHostKeyChecking=accept-new', '-o', 'BatchMode=yes', '-i', rsaOnly.clientKeyFile,
          '-p', String(rsaOnly.port), `${rsaOnly.user}@127.0.0.1`, 'true',
        ], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(openssh.code).toBe(255);
      expect(openssh.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
      expect(readFileSync(file, 'utf8')).toBe(before);
    } finally {
      await rsaOnly.stop();
    }
  }, 120_000);

  it('asks for the host key type already known when the server has several', async () => {
    const rsaKey = join(sshd.dir, 'extra_rsa_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsaKey]);
    const multi = await startSshd({ config: [`HostKey ${rsaKey}`] });
    try {
      const rsaOnly = join(multi.dir, 'rsa_known_hosts');
      const rsaPublic = readFileSync(`${rsaKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
      writeFileSync(rsaOnly, `[127.0.0.1]:${multi.port} ${rsaPublic}\n`);
      const conn = await openSsh(multi.spec({ knownHostsFile: rsaOnly }), { ...opts, homeDir: multi.home });
      expect((await conn.exec(rawCommand('echo ok'))).stdout).toBe('ok\n');
      await conn.close();
    } finally {
      await multi.stop();
    }
  });

  it('says whose authentication failed and what was tried', async () => {
    const wrongKey = join(sshd.dir, 'wrong_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
    const err = await rejection(openSsh(sshd.spec({ privateKeyFile: wrongKey, password: 'hunter2' }), opts));
    expect(err.message).toMatch(new RegExp(`authentication failed for ${sshd.user} \\(tried publickey .*wrong_key.*password\\)`));
    expect(err.message).not.toContain('hunter2');
  });

  it('reports a missing private key file clearly', async () => {
    const err = await rejection(openSsh(sshd.spec({ privateKeyFile: '~/.ssh/nope' }), opts));
    expect(err.message).toContain(join(sshd.home, '.ssh', 'nope'));
    expect(err.message).toMatch(/does not exist/);
  });

  it('uses the default identity in ~/.ssh when no key is configured', async () => {
    const home = join(sshd.dir, 'home-with-key');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    copyFileSync(sshd.clientKeyFile, join(home, '.ssh', 'id_ed25519'));
    const conn = await openSsh(sshd.spec({ privateKeyFile: undefined }), { ...opts, homeDir: home });
    expect((await conn.exec(rawCommand('echo ok'))).stdout).toBe('ok\n');
    await conn.close();
  });

  it('authenticates with ssh-agent', async () => {
    const socket = join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !exists(socket); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', ['-q', sshd.clientKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const conn = await openSsh(sshd.spec({ privateKeyFile: undefined }), { ...opts, agentSocket: socket });
      expect((await conn.exec(rawCommand('echo ok'))).stdout).toBe('ok\n');
      await conn.close();
      expect(sshd.log()).toMatch(/Accepted publickey/);
    } finally {
      agent.kill();
    }
  });

  it('turns a connection that drops mid-command into UnreachableError', async () => {
    const conn = await openSsh(sshd.spec(), opts);
    // The command's parent is this connection's sshd process: killing it cuts the TCP connection.
    const err = await rejection(conn.exec(rawCommand('kill -9 $PPID; sleep 5')));
    expect(err.message).toMatch(/connection lost/);
    expect(conn.alive).toBe(false);
    await rejection(conn.exec(rawCommand('true')));
    await conn.close();
  });
});

describe('password authentication (in-process SSH server)', () => {
  let server: PasswordServer;
  let knownHosts: string;
  beforeAll(async () => {
    server = await startPasswordServer('tester', 'correct horse');
    knownHosts = join(await import('node:os').then((os) => os.tmpdir()), `play-kh-${server.port}`);
    writeFileSync(knownHosts, `${server.knownHostsLine}\n`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const spec = (password: string) => ({
    host: 'pw',
    connection: 'ssh',
    address: '127.0.0.1',
    port: server.port,
    user: 'tester',
    password,
    knownHostsFile: knownHosts,
    vars: {},
  });

  it('logs in with the password and runs commands', async () => {
    const conn = await openSsh(spec('correct horse'), { homeDir: '/nonexistent', agentSocket: undefined });
    expect(await conn.exec(rawCommand('echo hi; exit 2'))).toMatchObject({ rc: 2, stdout: 'hi\n' });
    await conn.close();
  });

  it('fails with a clear message that never contains the password', async () => {
    const err = await rejection(openSsh(spec('wrong battery'), { homeDir: '/nonexistent', agentSocket: undefined }));
    expect(err.message).toMatch(/authentication failed for tester \(tried password\)/);
    expect(err.describe()).not.toContain('wrong battery');
    expect(server.passwordsTried).toContain('wrong battery');
  });
});

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}
