import type { ShellCommand } from '../connection/command.js';
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from '../connection/types.js';

/** One command a task sent to its host, as -vv and -vvv show it (masked by the executor before it is reported). */
export interface SentCommand {
  /** The command line in its display form (secret() parts read ********), or `put PATH` / `get PATH`. */
  command: string;
  /** The connection's label: "local", "root@127.0.10.195:22". */
  connection: string;
  /** How privileges were raised for it ("sudo -u root"), or null. */
  become: string | null;
  /** The exit code, null for transfers and commands that did not come back. */
  rc: number | null;
  ms: number;
}

/**
 * The connection a task's module works through: it passes everything on and keeps the list of
 * what was sent, so the result can show the commands as sent (not the plan's summary of them).
 * Closing it closes nothing: the run's connection outlives the task.
 */
export class RecordingConnection implements Connection {
  /** @param sent where the commands go (a host's list of reads ahead, shown with its next task's). */
  constructor(
    private readonly inner: Connection,
    readonly sent: SentCommand[] = [],
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  get label(): string {
    return this.inner.label;
  }

  exec(command: ShellCommand, opts?: ExecOptions): Promise<ExecResult> {
    return this.recorded(command.display(), opts?.become, () => this.inner.exec(command, opts), (r) => r.rc);
  }

  put(content: Buffer, dest: string, opts?: PutOptions): Promise<void> {
    const mode = opts?.mode === undefined ? '' : ` mode ${opts.mode.toString(8).padStart(4, '0')}`;
    return this.recorded(`put ${dest} (${content.length} bytes${mode})`, opts?.become, () => this.inner.put(content, dest, opts), () => null);
  }

  get(path: string, opts?: { become?: Become | undefined }): Promise<Buffer> {
    return this.recorded(`get ${path}`, opts?.become, () => this.inner.get(path, opts), () => null);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private async recorded<T>(command: string, become: Become | undefined, op: () => Promise<T>, rcOf: (result: T) => number | null): Promise<T> {
    const started = performance.now();
    let rc: number | null = null;
    try {
      const result = await op();
      rc = rcOf(result);
      return result;
    } finally {
      this.sent.push({
        command,
        connection: this.inner.label,
        become: become ? `${become.method} -u ${become.user}` : null,
        rc,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  }
}
