import type { ShellCommand } from './command.js';
import type { Connection, ConnectionSpec } from './types.js';

/**
 * The "connection" of an offline run (`--offline`, `--render`): it reaches nothing. Nothing
 * should ask it anything either: facts, file states and probes answer offline in the executor's
 * HostWorld, and an offline run is always in check mode. A call that still gets here is a read
 * that declared no offline answer, and fails its task saying so rather than inventing one.
 */
export class OfflineConnection implements Connection {
  readonly kind = 'offline';
  readonly label: string;

  constructor(spec: ConnectionSpec) {
    this.label = `offline:${spec.host}`;
  }

  async exec(command: ShellCommand): Promise<never> {
    throw new Error(`an offline run contacts nothing, and this read has no offline answer: ${command.display()}`);
  }

  async put(): Promise<void> {
    throw new Error('an offline run never writes to a host');
  }

  async get(): Promise<Buffer> {
    throw new Error('an offline run cannot read from a host');
  }

  async close(): Promise<void> {}
}
