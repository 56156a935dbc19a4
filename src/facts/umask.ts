import { rawCommand } from '../connection/command.js';

/**
 * The file-creation mask of a session on the target. New files and directories get 0666 and
 * 0777 less it — what Ansible's modules give them (atomic_move, open, os.mkdir) when no `mode:`
 * is set — so check mode predicts a new file's mode from it. sudo may set its own umask, so it
 * is read as the user that writes (the task's become).
 */
export const UMASK_COMMAND = rawCommand('umask');

/** Assumed where nothing can be read (`--render`): the usual default. */
export const DEFAULT_UMASK = 0o022;

/** `umask` prints the mask in octal: "0022" (dash, bash), "22" (some shells). */
export function parseUmask(text: string): number | undefined {
  const t = text.trim();
  return /^[0-7]{1,4}$/.test(t) ? parseInt(t, 8) & 0o777 : undefined;
}

export function newFileMode(umask: number): number {
  return 0o666 & ~umask;
}

export function newDirMode(umask: number): number {
  return 0o777 & ~umask;
}
