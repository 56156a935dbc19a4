import type { RunEvents } from '../executor/events.js';
import { writeIfOpen } from './closed-pipes.js';
import { AdhocReporter } from '../reporter/adhoc.js';
import { JsonReporter } from '../reporter/json.js';
import { PlainReporter, type Writer } from '../reporter/plain.js';

export interface Io {
  stdout: Writer;
  stderr: Writer;
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: { write: (s) => writeIfOpen(process.stdout, s) },
  stderr: { write: (s) => writeIfOpen(process.stderr, s) },
  isTTY: Boolean(process.stdout.isTTY) && process.env.TERM !== 'dumb' && !process.env.CI,
};

/**
 * A warning of the command line itself (not of the run's events): a `{"event":"warning"}` line on
 * stdout under --json, where stdout carries JSON Lines and nothing else, else text on stderr.
 */
export function cliWarning(io: Io, json: boolean, message: string): void {
  if (json) io.stdout.write(JSON.stringify({ event: 'warning', msg: message }) + '\n');
  else io.stderr.write(`[WARNING]: ${message}\n`);
}

/**
 * Subscribes the right reporter; returns a function that waits until output is complete. The
 * live TTY view (and its rendering library) is loaded only when it is the one shown.
 */
export async function attachReporter(events: RunEvents, io: Io, opts: { json: boolean; verbosity: number; adhoc?: boolean; jsonResults?: boolean }): Promise<() => Promise<void>> {
  if (opts.adhoc && !opts.json) {
    const r = new AdhocReporter(io.stdout, io.stderr, { color: io.isTTY });
    events.on('event', (e) => r.handle(e));
    return async () => undefined;
  }
  if (opts.json) {
    const r = new JsonReporter(io.stdout, opts.verbosity > 0 || opts.jsonResults === true);
    events.on('event', (e) => r.handle(e));
    return async () => undefined;
  }
  if (io.isTTY && opts.verbosity === 0) {
    const { TtyReporter } = await import('../reporter/tty.js');
    const r = new TtyReporter(io.stdout);
    events.on('event', (e) => r.handle(e));
    return () => r.flush();
  }
  const r = new PlainReporter(io.stdout, { color: io.isTTY, verbosity: opts.verbosity });
  events.on('event', (e) => r.handle(e));
  return async () => undefined;
}
