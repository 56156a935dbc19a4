import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PlayError } from '../errors.js';

/**
 * A directory lock (mkdir is atomic) holding the owner's PID, so two `play lab` commands never
 * build the base or start the same host at once. A lock whose owner is dead is taken over.
 */
export async function withLock<T>(dir: string, body: () => Promise<T>, waitMs = 30 * 60_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  // a lab root not made yet (a classroom never started) still takes its lock
  await mkdir(dirname(dir), { recursive: true });
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'pid'), `${process.pid}\n`);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(join(dir, 'pid'), 'utf8').catch(() => '')).trim());
      if (owner > 0 && !pidExists(owner)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new PlayError('LAB_LOCKED', `another lab command holds ${dir} (pid ${owner || 'unknown'})`, {
          hint: 'wait for it to finish, or remove the directory if no such process exists',
        });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await body();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
