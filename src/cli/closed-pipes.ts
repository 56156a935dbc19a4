/**
 * A reader that goes away (`play run … | head -1`, quitting `less`) closes our stdout or stderr.
 * Ansible finishes the run regardless, and so do we: the tasks still run on the hosts and the exit
 * code is the run's own. Node reports the closed pipe as an 'error' event on the stream (SIGPIPE is
 * ignored), which without a listener is an uncaught exception that kills the run half-way; so
 * writes to a closed pipe are dropped quietly instead.
 */
const CLOSED_PIPE_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

export function isClosedPipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && CLOSED_PIPE_CODES.has(String(err.code));
}

/** Drops writes once the reader has gone; other stream errors still surface. */
export function dropWritesToClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err) => {
    if (isClosedPipe(err)) return;
    throw err;
  });
}

/** Writes `text` unless the stream is already closed (a write to it would only fail again). */
export function writeIfOpen(stream: NodeJS.WriteStream, text: string): void {
  if (stream.destroyed || stream.writableEnded) return;
  stream.write(text);
}
