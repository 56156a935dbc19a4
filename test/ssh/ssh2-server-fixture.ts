import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection as ServerConnection } from 'ssh2';

/**
 * An in-process SSH server (ssh2.Server) that accepts one user with a password and runs exec
 * requests with the local /bin/sh. Used where a real sshd would need a real account password.
 */
export interface PasswordServer {
  port: number;
  /** "[127.0.0.1]:port type base64", ready for a known_hosts file. */
  knownHostsLine: string;
  /** Every password the server was offered, to prove what the client sent. */
  passwordsTried: string[];
  stop(): Promise<void>;
}

export async function startPasswordServer(user: string, password: string): Promise<PasswordServer> {
  const dir = mkdtempSync(join(tmpdir(), 'play-ssh2srv-'));
  const keyFile = join(dir, 'host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', keyFile]);
  const hostPublic = readFileSync(`${keyFile}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const passwordsTried: string[] = [];
  const clients = new Set<ServerConnection>();

  const server = new ssh2.Server({ hostKeys: [readFileSync(keyFile)] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password') {
        passwordsTried.push(ctx.password);
        if (ctx.username === user && ctx.password === password) return ctx.accept();
      }
      ctx.reject(['password']);
    });
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('exec', (acceptExec, _reject, info) => {
        const channel = acceptExec();
        const child = spawn('/bin/sh', ['-c', info.command], { stdio: ['pipe', 'pipe', 'pipe'] });
        channel.pipe(child.stdin);
        child.stdin.on('error', () => undefined);
        child.stdout.pipe(channel, { end: false });
        child.stderr.pipe(channel.stderr, { end: false });
        child.on('close', (code) => {
          channel.exit(code ?? 255);
          channel.end();
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPublic}`,
    passwordsTried,
    stop: async () => {
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
