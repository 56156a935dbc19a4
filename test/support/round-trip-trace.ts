/**
 * Runs `run` with PLAY_TRACE_ROUND_TRIPS=1 and returns what the trace wrote: it goes straight to
 * the process' stderr, which is captured meanwhile.
 */
export async function withRoundTripTrace<T>(run: () => Promise<T>): Promise<{ out: T; trace: string }> {
  let trace = '';
  const write = process.stderr.write.bind(process.stderr);
  process.env.PLAY_TRACE_ROUND_TRIPS = '1';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    trace += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { out: await run(), trace };
  } finally {
    process.stderr.write = write;
    delete process.env.PLAY_TRACE_ROUND_TRIPS;
  }
}
