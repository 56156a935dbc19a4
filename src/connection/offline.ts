import type { ShellCommand } from './command.js';
import type { Connection, ConnectionSpec, ExecOptions, ExecResult } from './types.js';

/** Marks the fact-gathering script's output as given facts rather than probed ones. */
export const OFFLINE_FACTS_KEY = 'offline_facts_json';
/** First line of the fact-gathering script, so the offline connection can recognise it. */
export const GATHER_MARKER = '# play:gather-facts';

/**
 * The "connection" of `--render`: it reaches nothing. Facts come from the host's
 * `play_offline_facts` variable; every other command answers empty (nothing found), and writes
 * never happen because --render always runs in check mode.
 */
export class OfflineConnection implements Connection {
  readonly kind = 'offline';
  readonly label: string;

  constructor(private readonly spec: ConnectionSpec) {
    this.label = `offline:${spec.host}`;
  }

  async exec(command: ShellCommand, _opts?: ExecOptions): Promise<ExecResult> {
    let stdout = '';
    if (command.render().startsWith(GATHER_MARKER)) {
      stdout = `${OFFLINE_FACTS_KEY}=${JSON.stringify(this.spec.vars.play_offline_facts ?? {})}\n`;
    }
    return { rc: 0, stdout, stderr: '', stdoutBytes: Buffer.from(stdout) };
  }

  async put(): Promise<void> {
    throw new Error('offline rendering never writes to a host');
  }

  async get(): Promise<Buffer> {
    throw new Error('offline rendering cannot read from a host');
  }

  async close(): Promise<void> {}
}
