import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real OpenSSH sshd for tests: its own host key, client key and authorized_keys in a temp
 * directory, listening on 127.0.0.1 on a free port, logging to memory. Reusable by any test
 * that needs an SSH target:
 *
 *   const sshd = await startSshd();
 *   const spec = sshd.spec({ knownHostsFile: sshd.knownHostsFile });
 *   ...
 *   await sshd.stop();
 */

export const SSHD_PATH = '/usr/sbin/sshd';

/** Tests skip (with this reason) only outside CI when sshd is not installed. */
export const sshdSkipReason: string | undefined =
  existsSync(SSHD_PATH) || process.env.CI ? undefined : `${SSHD_PATH} is not installed (apt-get install openssh-server)`;

export interface SshdOptions {
  /** Listen address inside 127.0.0.0/8; default 127.0.0.1. */
  address?: string;
  /** Host key type; default ed25519. */
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /** Extra sshd_config lines; they come first, so they win over the defaults. */
  config?: readonly string[];
}

export interface Sshd {
  address: string;
  port: number;
  user: string;
  dir: string;
  /** Private key accepted for `user`. */
  clientKeyFile: string;
  /** "type base64" of the host key, as in a known_hosts line. */
  hostPublicKey: string;
  /** A known_hosts file that already trusts this server. */
  knownHostsFile: string;
  /** `ssh-keygen -l` fingerprint of the host key ("SHA256:…"). */
  hostFingerprint: string;
  /** An empty home directory for the client, so tests never read or write the real ~/.ssh. */
  home: string;
  log(): string;
  /** How many log lines match, e.g. /Accepted publickey/. */
  count(pattern: RegExp): number;
  spec(extra?: Partial<SpecLike>): SpecLike;
  stop(): Promise<void>;
}

/** The ConnectionSpec fields tests usually need (structurally a ConnectionSpec). */
export interface SpecLike {
  host: string;
  connection: string;
  address: string;
  port: number;
  user: string;
  privateKeyFile?: string | undefined;
  knownHostsFile?: string | undefined;
  acceptNewHostKeys?: boolean | undefined;
  password?: string | undefined;
  jumpHost?: string | undefined;
  connectTimeoutMs?: number | undefined;
  vars: Record<string, unknown>;
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  if (!existsSync(SSHD_PATH)) throw new Error(`${SSHD_PATH} is missing: install openssh-server`);
  // sshd refuses to start without its privilege-separation directory.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'play-sshd-'));
  const address = options.address ?? '127.0.0.1';
  const type = options.hostKeyType ?? 'ed25519';
  const hostKey = join(dir, `ssh_host_${type}_key`);
  const clientKey = join(dir, 'client_key');
  keygen(hostKey, type);
  keygen(clientKey, 'ed25519');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const hostFingerprint = execFileSync('ssh-keygen', ['-lf', `${hostKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';

  for (let attempt = 0; ; attempt++) {
    const port = await freePort(address);
    const configFile = join(dir, 'sshd_config');
    writeFileSync(
      configFile,
      [
        ...(options.config ?? []),
        `ListenAddress ${address}:${port}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PidFile none',
        'UsePAM no',
        'StrictModes no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'AllowTcpForwarding yes',
        'UseDNS no',
        'PrintMotd no',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    const logLines: string[] = [];
    const child = spawn(SSHD_PATH, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    const started = await waitForListening(child, logLines);
    if (!started) {
      if (attempt < 3 && /Address already in use/.test(logLines.join('\n'))) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start:\n${logLines.join('\n')}`);
    }
    const knownHostsFile = join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `[${address}]:${port} ${hostPublicKey}\n`);
    const user = userInfo().username;
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    return {
      home,
      address,
      port,
      user,
      dir,
      clientKeyFile: clientKey,
      hostPublicKey,
      knownHostsFile,
      hostFingerprint,
      log: () => logLines.join('\n'),
      count: (pattern) => logLines.filter((l) => pattern.test(l)).length,
      spec: (extra = {}) => ({
        host: 'target',
        connection: 'ssh',
        address,
        port,
        user,
        privateKeyFile: clientKey,
        knownHostsFile,
        vars: {},
        ...extra,
      }),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

function keygen(file: string, type: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'play-test', '-f', file]);
}

function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForListening(child: ChildProcess, lines: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    let partial = '';
    // sshd starts in milliseconds on an idle machine; on a loaded one it may take seconds
    const timer = setTimeout(() => resolve(false), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (parts.some((l) => l.includes('Server listening on'))) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
