import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { PlayError } from '../errors.js';

/**
 * Helper for LabService.start: runs argv detached from the calling process (it outlives
 * `play lab up`), output appended to the service's log, and returns its PID.
 */
export async function spawnDetached(argv: readonly string[], logFile: string, env?: NodeJS.ProcessEnv): Promise<number> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new PlayError('LAB_START_FAILED', 'empty command for a lab service');
  const log = await open(logFile, 'a');
  try {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: env ?? process.env });
    child.unref();
    if (child.pid === undefined) throw new PlayError('LAB_START_FAILED', `could not start ${cmd}`);
    return child.pid;
  } finally {
    await log.close();
  }
}
