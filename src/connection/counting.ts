import type { ShellCommand } from './command.js';
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js';

/**
 * A connection that counts its round trips: every exec, put and get is one command sent to the
 * target and one answer waited for. The executor wraps each transport in one, so the count per
 * host (performance accounting, `--json` recap) covers facts, stats, reads and changes alike.
 */
export class CountingConnection implements Connection {
  private count = 0;

  constructor(private readonly inner: Connection) {}

  get kind(): string {
    return this.inner.kind;
  }

  get label(): string {
    return this.inner.label;
  }

  /** Commands sent so far. */
  get roundTrips(): number {
    return this.count;
  }

  exec(command: ShellCommand, opts?: ExecOptions): Promise<ExecResult> {
    this.count++;
    return this.inner.exec(command, opts);
  }

  put(content: Buffer, dest: string, opts?: PutOptions): Promise<void> {
    this.count++;
    return this.inner.put(content, dest, opts);
  }

  get(path: string, opts?: { become?: Become | undefined }): Promise<Buffer> {
    this.count++;
    return this.inner.get(path, opts);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
