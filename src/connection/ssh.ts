import { randomBytes } from 'node:crypto';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client as ClientType, ClientChannel } from 'ssh2';
import { PlayError, UnreachableError } from '../errors.js';
import { becomeCommand } from './become.js';
import { ShellCommand, quote, rawCommand, sh } from './command.js';
import { knownHostName } from './known-hosts.js';
import { expandHome } from './ssh-auth.js';
import { connectClient } from './ssh-connect.js';
import type { ConnectOptions, ConnectTarget } from './ssh-connect.js';
import { runChannel } from './ssh-exec.js';
import type { ChannelRun } from './ssh-exec.js';
import { parseJumpHops } from './ssh-proxy-jump.js';
import { getViaExec, putViaExec } from './transfer.js';
import type { Become, Connection, ConnectionSpec, ExecOptions, ExecResult, PutOptions } from './types.js';

/** Controller-side settings that are not per host. Defaults are OpenSSH's. */
export interface SshOptions {
  /** Where `~` points: default identities, ~/.ssh/known_hosts. */
  homeDir?: string | undefined;
  /** ssh-agent socket; defaults to $SSH_AUTH_SOCK. */
  agentSocket?: string | undefined;
  /** System-wide known hosts, read but never written. */
  globalKnownHostsFile?: string | undefined;
  keepaliveIntervalMs?: number | undefined;
  /** Concurrent exec channels per connection; sshd's MaxSessions defaults to 10. */
  maxChannels?: number | undefined;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Opens one SSH connection (through the jump hosts, if any) that every exec then shares. */
export async function openSsh(spec: ConnectionSpec, options: SshOptions = {}): Promise<SshConnection> {
  const home = options.homeDir ?? homedir();
  const user = spec.user ?? userInfo().username;
  const userFile = spec.knownHostsFile === undefined ? join(home, '.ssh', 'known_hosts') : expandHome(spec.knownHostsFile, home);
  const readFiles = [join(home, '.ssh', 'known_hosts'), userFile, options.globalKnownHostsFile ?? '/etc/ssh/ssh_known_hosts'];
  const base: Omit<ConnectOptions, 'sock'> = {
    auth: {
      privateKeyFile: spec.privateKeyFile,
      password: spec.password,
      agentSocket: 'agentSocket' in options ? options.agentSocket : process.env.SSH_AUTH_SOCK,
      homeDir: home,
    },
    hostKeys: { readFiles: [...new Set(readFiles)], writeFile: userFile, acceptNew: spec.acceptNewHostKeys ?? false },
    timeoutMs: spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? 15_000,
  };
  const target: ConnectTarget = { host: spec.address, port: spec.port ?? 22, user };
  let hops: ConnectTarget[];
  try {
    hops = parseJumpHops(spec.jumpHost ?? '').map((h) => ({ host: h.host, port: h.port, user: h.user ?? user }));
  } catch (err) {
    throw new PlayError('BAD_JUMP_HOST', `${spec.host}: ${(err as Error).message}`, { hint: 'use -o ProxyJump=user@host:port' });
  }

  const chain: ClientType[] = [];
  try {
    let sock: Duplex | undefined;
    for (const hop of [...hops, target]) {
      const client = await connectClient(hop, { ...base, sock });
      chain.push(client);
      if (hop === target) break;
      const next = hops[hops.indexOf(hop) + 1] ?? target;
      sock = await forward(client, next, base.timeoutMs, hop);
    }
  } catch (err) {
    for (const c of chain) c.end();
    throw err;
  }
  const client = chain.pop() as ClientType;
  return new SshConnection(client, chain, `${user}@${knownHostName(target.host, target.port)}`, user, options.maxChannels ?? 8);
}

function forward(jump: ClientType, to: ConnectTarget, timeoutMs: number, via: ConnectTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new UnreachableError(`jump host ${via.host}: timed out opening a tunnel to ${to.host}:${to.port}`)), timeoutMs);
    jump.forwardOut('127.0.0.1', 0, to.host, to.port, (err, stream) => {
      clearTimeout(timer);
      if (err) {
        reject(new UnreachableError(`jump host ${via.user}@${via.host}:${via.port} could not reach ${to.host}:${to.port}: ${err.message}`, { cause: err }));
      } else resolve(stream);
    });
  });
}

export class SshConnection implements Connection {
  readonly kind = 'ssh';
  private lost: string | undefined;
  /** Kills of timed-out commands still on their way: close() waits for them. */
  private readonly pendingKills = new Set<Promise<unknown>>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<(err: UnreachableError) => void>();

  constructor(
    private readonly client: ClientType,
    private readonly jumps: readonly ClientType[],
    readonly label: string,
    private readonly loginUser: string,
    private readonly maxChannels: number,
  ) {
    client.on('error', (err: Error) => this.markLost(err.message));
    client.on('close', () => this.markLost('connection closed'));
  }

  /** False once the transport dropped; a pool opens a fresh connection instead. */
  get alive(): boolean {
    return this.lost === undefined;
  }

  async exec(command: ShellCommand, opts: ExecOptions = {}): Promise<ExecResult> {
    const inner = prelude(opts).concat(command);
    const run: ChannelRun = {
      stdin: opts.stdin === undefined ? undefined : Buffer.from(opts.stdin),
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
    };
    let toSend = inner;
    const become = opts.become;
    if (become && become.user !== this.loginUser) {
      const escalated = becomeCommand(inner, become);
      toSend = escalated.command;
      if (escalated.sudo) run.sudo = { ...escalated.sudo, label: this.label };
    }
    if (opts.timeoutMs !== undefined || opts.signal !== undefined) {
      // sshd makes the command a session leader, so $$ is the process group to kill on timeout.
      // (sshd's own "signal" request is refused for root logins.)
      run.pidMarker = `PLAY-PGID-${randomBytes(6).toString('hex')}:`;
      toSend = rawCommand(`echo ${run.pidMarker}$$ >&2; `).concat(toSend);
      run.killGroup = (pgid) => {
        const kill = this.exec(rawCommand(`kill -s KILL -- -${pgid}`), { become }).catch(() => undefined);
        this.pendingKills.add(kill);
        void kill.finally(() => this.pendingKills.delete(kill));
      };
    }
    await this.acquire();
    try {
      const channel = await this.openChannel(toSend.render());
      return await this.watch(runChannel(channel, run));
    } finally {
      this.release();
    }
  }

  put(content: Buffer, dest: string, opts: PutOptions = {}): Promise<void> {
    return putViaExec(this, content, dest, opts);
  }

  get(path: string, opts: { become?: Become | undefined } = {}): Promise<Buffer> {
    return getViaExec(this, path, opts.become);
  }

  async close(): Promise<void> {
    // a command stopped on timeout is killed before the connection goes (else it runs on)
    await Promise.allSettled([...this.pendingKills]);
    if (this.lost === undefined) this.lost = 'connection closed by the controller';
    const done = new Promise<void>((resolve) => {
      this.client.once('close', () => resolve());
      setTimeout(resolve, 1000).unref();
    });
    this.client.end();
    await done;
    for (const j of [...this.jumps].reverse()) j.end();
  }

  /**
   * sshd refuses a session for a moment after earlier ones closed on our side but not yet on its
   * side (MaxSessions): an open failure on a live connection is retried a few times.
   */
  private async openChannel(rendered: string): Promise<ClientChannel> {
    for (let attempt = 1; ; attempt++) {
      if (this.lost !== undefined) throw this.unreachable();
      try {
        return await this.openChannelOnce(rendered);
      } catch (err) {
        if (this.lost !== undefined || attempt >= 6 || !/open failure/i.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  }

  private openChannelOnce(rendered: string): Promise<ClientChannel> {
    return this.watch(
      new Promise<ClientChannel>((resolve, reject) => {
        this.client.exec(rendered, (err, channel) => {
          if (err) reject(this.lost === undefined ? new UnreachableError(`${this.label}: cannot open a session: ${err.message}`, { cause: err }) : this.unreachable());
          else resolve(channel);
        });
      }),
    );
  }

  /** Rejects the operation with UnreachableError if the transport drops before it settles. */
  private watch<T>(op: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onLost = (err: UnreachableError): void => reject(err);
      this.inFlight.add(onLost);
      op.then(
        (v) => (this.inFlight.delete(onLost), resolve(v)),
        (e: unknown) => (this.inFlight.delete(onLost), reject(e)),
      );
    });
  }

  private markLost(why: string): void {
    if (this.lost !== undefined) return;
    this.lost = why;
    const err = this.unreachable();
    for (const fail of this.inFlight) fail(err);
    this.inFlight.clear();
  }

  private unreachable(): UnreachableError {
    return new UnreachableError(`${this.label}: connection lost (${this.lost ?? 'unknown reason'})`);
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxChannels) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** `NAME=value; export NAME;` for each variable and the `cd`, run by the (become) shell. */
function prelude(opts: ExecOptions): ShellCommand {
  let prefix = new ShellCommand([]);
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (!ENV_NAME.test(name)) throw new PlayError('BAD_ENV_NAME', `invalid environment variable name ${JSON.stringify(name)}`);
    prefix = prefix.concat(sh`${{ raw: name }}=${value}; export ${{ raw: name }}; `);
  }
  // `|| exit` rather than `&&`, so a command list after it never runs in the wrong directory.
  if (opts.cwd !== undefined) prefix = prefix.concat(`cd ${quote(opts.cwd)} || exit 1; `);
  return prefix;
}
