import { chmod, lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PlayError } from '../errors.js';

/**
 * The lab's directory holds what root runs (the base image, the hosts' layers) and what it
 * deletes recursively, and its path comes from $XDG_CACHE_HOME or $HOME, which a `sudo -E` passes
 * through. So it is used only when it is root's (or the caller's) own, 0700 and reached through
 * directories nobody else can write: otherwise a planted `hosts -> /etc` would turn a cleanup into
 * deleting the machine's files.
 */
export async function ensureLabRoot(root: string, uid: number = process.getuid?.() ?? 0): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const st = await lstat(root);
  if (st.isSymbolicLink() || !st.isDirectory())
    throw unsafe(root, 'is a symbolic link or not a directory', 'remove it; the lab makes its own directory');
  if (st.uid !== uid && st.uid !== 0)
    throw unsafe(root, `belongs to uid ${st.uid}, not to this user (${uid}) or root`, 'set XDG_CACHE_HOME to a directory of your own');
  if ((st.mode & 0o077) !== 0) await chmod(root, 0o700);
  // every directory above it: a directory others may write lets them swap the lab's for theirs
  for (let dir = dirname(await realpath(root)); ; dir = dirname(dir)) {
    const up = await lstat(dir);
    const othersWrite = (up.mode & 0o022) !== 0;
    const sticky = (up.mode & 0o1000) !== 0;
    if ((up.uid !== uid && up.uid !== 0) || (othersWrite && !sticky))
      throw unsafe(root, `is below ${dir}, which ${othersWrite ? 'others can write' : `belongs to uid ${up.uid}`}`, 'set XDG_CACHE_HOME to a directory only you can write');
    if (dirname(dir) === dir) break;
  }
}

/** A directory inside the lab root that the lab deletes entries of: never through a link. */
export async function assertRealDirectory(dir: string): Promise<void> {
  const st = await lstat(dir).catch(() => undefined);
  if (st && (st.isSymbolicLink() || !st.isDirectory()))
    throw unsafe(dir, 'is a symbolic link or not a directory', 'remove it; the lab recreates it');
}

function unsafe(path: string, why: string, hint: string): PlayError {
  return new PlayError('LAB_UNSAFE_DIR', `the lab directory ${path} ${why}`, { hint });
}
