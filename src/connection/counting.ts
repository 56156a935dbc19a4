import type { ShellCommand } from './command.js';
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js';

/**
 * A connection that counts its round trips: every exec, put and get is one command sent to the
 * target and one answer waited for. The executor wraps each transport in one, so the count per
 * host (performance accounting, `--json` recap) covers facts, stats, reads and changes alike.
 */
export class CountingConnection implements Connection {
  private count = 0;

  /**
   * @param trace where to write one line per round trip (label, milliseconds, the command's
   *   start): `PLAY_TRACE_ROUND_TRIPS=1` sends them to stderr.
   * @param mask hides the run's secrets in a traced command (the Masker's), before the line is
   *   shortened, so no piece of a secret is left at the cut.
   */
  constructor(
    private readonly inner: Connection,
    private readonly trace: ((line: string) => void) | undefined = process.env.PLAY_TRACE_ROUND_TRIPS === '1' ? (l) => void process.stderr.write(l) : undefined,
    private readonly mask: (text: string) => string = (text) => text,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  get label(): string {
    return this.inner.label;
  }

  get alive(): boolean | undefined {
    return this.inner.alive;
  }

  /** Commands sent so far. */
  get roundTrips(): number {
    return this.count;
  }

  exec(command: ShellCommand, opts?: ExecOptions): Promise<ExecResult> {
    // the display form: secret() parts are already hidden there
    return this.counted(() => this.inner.exec(command, opts), () => command.display());
  }

  put(content: Buffer, dest: string, opts?: PutOptions): Promise<void> {
    return this.counted(() => this.inner.put(content, dest, opts), () => `put ${dest}`);
  }

  get(path: string, opts?: { become?: Become | undefined }): Promise<Buffer> {
    return this.counted(() => this.inner.get(path, opts), () => `get ${path}`);
  }

  private async counted<T>(op: () => Promise<T>, what: () => string): Promise<T> {
    this.count++;
    if (!this.trace) return op();
    const started = performance.now();
    try {
      return await op();
    } finally {
      const ms = (performance.now() - started).toFixed(1);
      this.trace(`[round trip] ${this.label} ${ms} ms @${started.toFixed(0)} ${this.mask(what()).replace(/\s+/g, ' ').slice(0, 100)}\n`);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
