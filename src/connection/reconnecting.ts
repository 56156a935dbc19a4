import type { ShellCommand } from './command.js';
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js';

/**
 * A host's connection for a whole run that outlives its transport: once the transport dropped
 * (the host rebooted, its sshd restarted), the next operation opens a new one first, as
 * Ansible's next task opens a new SSH connection. An operation the drop cut still fails
 * (unreachable), and so does one whose reconnect fails: it is tried again only when asked again.
 */
export class ReconnectingConnection implements Connection {
  private reopening: Promise<Connection> | undefined;

  constructor(
    private current: Connection,
    private readonly reopen: () => Promise<Connection>,
  ) {}

  get kind(): string {
    return this.current.kind;
  }

  get label(): string {
    return this.current.label;
  }

  /** Alive as long as a transport can be had: a dropped one is replaced on use. */
  get alive(): boolean | undefined {
    return this.current.alive;
  }

  async exec(command: ShellCommand, opts?: ExecOptions): Promise<ExecResult> {
    return (await this.transport()).exec(command, opts);
  }

  async put(content: Buffer, dest: string, opts?: PutOptions): Promise<void> {
    return (await this.transport()).put(content, dest, opts);
  }

  async get(path: string, opts?: { become?: Become | undefined }): Promise<Buffer> {
    return (await this.transport()).get(path, opts);
  }

  close(): Promise<void> {
    return this.current.close();
  }

  private async transport(): Promise<Connection> {
    if (this.current.alive !== false) return this.current;
    // concurrent operations share one reconnect attempt
    this.reopening ??= this.reopen().finally(() => (this.reopening = undefined));
    const fresh = await this.reopening;
    if (fresh !== this.current) {
      const dropped = this.current;
      this.current = fresh;
      void dropped.close().catch(() => undefined);
    }
    return fresh;
  }
}
