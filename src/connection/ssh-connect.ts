import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as ClientType, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { UnreachableError } from '../errors.js';
import { authHandlerFor, planAuth } from './ssh-auth.js';
import type { AuthSources } from './ssh-auth.js';
import {
  appendKnownHost,
  fingerprintSha256,
  keyTypeOfBlob,
  knownHostName,
  knownKeyTypes,
  loadKnownHosts,
  verifyHostKey,
  type HostKeyVerdict,
} from './known-hosts.js';

/**
 * Opens one authenticated ssh2 Client: TCP (or a tunnelled stream through a jump host),
 * host key verification against known_hosts, and authentication. Every failure becomes an
 * UnreachableError that says what went wrong in plain words.
 */

export interface HostKeyPolicy {
  /** Files read for known keys, in order. */
  readFiles: readonly string[];
  /** The file that newly accepted keys are appended to. */
  writeFile: string;
  acceptNew: boolean;
}

export interface ConnectTarget {
  host: string;
  port: number;
  user: string;
}

export interface ConnectOptions {
  auth: Omit<AuthSources, 'user'>;
  hostKeys: HostKeyPolicy;
  timeoutMs: number;
  keepaliveIntervalMs: number;
  /** A stream to the target's SSH port (through a jump host) instead of a new TCP socket. */
  sock?: Duplex | undefined;
}

/** Counts every SSH transport this process opened, jump hops included (used to prove reuse). */
export const sshStats = { connectionsOpened: 0 };

/** ssh2's default host key algorithms, in its order (its `prepend` option cannot reorder them). */
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

const HOST_KEY_HINT = 'run with --accept-new-host-keys or add it with ssh-keyscan';

export async function connectClient(target: ConnectTarget, opts: ConnectOptions): Promise<ClientType> {
  const where = `${target.user}@${knownHostName(target.host, target.port)}`;
  const plan = await planAuth({ ...opts.auth, user: target.user });
  const entries = await loadKnownHosts(opts.hostKeys.readFiles);
  let hostKeyProblem: UnreachableError | undefined;

  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): undefined => {
    const verdict = verifyHostKey(entries, target.host, target.port, key);
    const fp = fingerprintSha256(key);
    const type = keyTypeOfBlob(key);
    if (verdict.status === 'known') {
      verify(true);
      return undefined;
    }
    // accept-new records a key only for a host with no key recorded at all, as OpenSSH's does
    if (verdict.status === 'unknown' && opts.hostKeys.acceptNew) {
      appendKnownHost(opts.hostKeys.writeFile, target.host, target.port, key).then(
        () => verify(true),
        (err: unknown) => {
          hostKeyProblem = new UnreachableError(`${where}: cannot record the host key in ${opts.hostKeys.writeFile}`, { cause: err });
          verify(false);
        },
      );
      return undefined;
    }
    hostKeyProblem = hostKeyRefusal(verdict, where, `${type} ${fp}`, knownHostName(target.host, target.port));
    verify(false);
    return undefined;
  };

  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: opts.timeoutMs,
    keepaliveInterval: opts.keepaliveIntervalMs,
    keepaliveCountMax: 3,
    hostVerifier,
    authHandler: authHandlerFor(plan),
    ...(opts.sock ? { sock: opts.sock } : {}),
  };
  // Ask for a host key type we already know first, as OpenSSH does, so a host recorded with its
  // RSA key is not reported as unknown just because it also offers ed25519.
  const known = knownKeyTypes(entries, target.host, target.port).flatMap((t) =>
    t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t],
  );
  const preferred = HOST_KEY_ALGORITHMS.filter((a) => known.includes(a));
  if (preferred.length) config.algorithms = { serverHostKey: [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])] };

  const client = new ssh2.Client();
  return new Promise<ClientType>((resolve, reject) => {
    let settled = false;
    const fail = (err: UnreachableError): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(err);
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      fail(hostKeyProblem ?? new UnreachableError(`${where}: ${describeConnectError(err, target, plan.describe())}`, { cause: err }))
    });
    client.once('close', () => fail(hostKeyProblem ?? new UnreachableError(`${where}: connection closed during the SSH handshake`)));
    sshStats.connectionsOpened++;
    client.connect(config);
    // small request/response packets: without this, Nagle + delayed ACK add ~40 ms per command
    client.setNoDelay(true);
  });
}

/** Why a host key is refused (known keys never are), with what to do about it. */
function hostKeyRefusal(verdict: Exclude<HostKeyVerdict, { status: 'known' }>, where: string, presented: string, name: string): UnreachableError {
  const removeHint = `if the change is expected, remove the old key with ssh-keygen -R '${name}'`;
  switch (verdict.status) {
    case 'unknown':
      return new UnreachableError(`${where}: host key is not known (${presented})`, { hint: HOST_KEY_HINT });
    case 'changed':
      return new UnreachableError(
        `${where}: HOST KEY CHANGED — the server now presents ${presented}, which differs from ` +
          `${verdict.entry.file}:${verdict.entry.line}. Someone could be intercepting the connection, or the host was reinstalled`,
        { hint: removeHint },
      );
    case 'other-type': {
      const known = verdict.known.map((e) => `${e.keyType} (${e.file}:${e.line})`).join(', ');
      return new UnreachableError(
        `${where}: HOST KEY CHANGED — the server now presents ${presented}, but this host is known only by ${known}. ` +
          'A new key type is not accepted for a known host, not even with --accept-new-host-keys: someone could be intercepting the connection, or the host was reinstalled',
        { hint: removeHint },
      );
    }
    case 'revoked':
      return new UnreachableError(`${where}: host key ${presented} is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}`);
  }
}

/** ssh2 and socket errors, in the words OpenSSH users know. */
export function describeConnectError(err: Error & { level?: string; code?: string }, target: ConnectTarget, tried: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is sshd running and listening on that port?)';
    case 'ETIMEDOUT':
      return 'timed out connecting';
    case 'EHOSTUNREACH':
      return 'no route to host';
    case 'ENETUNREACH':
      return 'network is unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not resolve host name ${target.host}`;
    case 'ECONNRESET':
      return 'connection reset by peer';
    default:
      break;
  }
  if (err.level === 'client-timeout') return 'timed out during the SSH handshake';
  if (err.level === 'client-authentication') return `authentication failed for ${target.user} (tried ${tried})`;
  return err.message;
}
