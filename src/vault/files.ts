import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, open, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PlayError } from '../errors.js';
import { shlexSplit } from '../inventory/shlex.js';

/**
 * File handling for `play vault`: vault files are replaced atomically (a crash leaves the old
 * file or the new one, never half of each) keeping their mode, and plaintext only ever exists
 * in a private temp directory while the editor runs.
 */

/** Writes `data` to `file` through a temp file + rename. Symlinks are followed; new files are 0600. */
export async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const mode = await stat(target).then((st) => st.mode & 0o7777, () => 0o600);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new PlayError('VAULT_WRITE', `cannot write ${file}: ${errnoOf(err)}`, {
      hint: 'check that the directory exists and is writable',
    });
  }
}

export async function readFileOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new PlayError('VAULT_READ', `cannot read ${file}: ${errnoOf(err)}`, { hint: 'check the file name' });
  }
}

/**
 * Lets the user edit `initial` in $EDITOR (default vi) and returns the result; undefined if the
 * editor exited non-zero (vi's `:cq`), which means "abandon the edit". The file lives in a 0700
 * directory, is 0600, and is overwritten with zeros before the directory is removed.
 */
export async function editInEditor(initial: Buffer, extension: string, env: NodeJS.ProcessEnv): Promise<Buffer | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-vault-'));
  const file = path.join(dir, `edit${extension}`);
  try {
    await chmod(dir, 0o700);
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(initial);
    } finally {
      await handle.close();
    }
    const code = await runEditor(editorCommand(env), file, env);
    if (code !== 0) return undefined;
    return await readFile(file);
  } finally {
    await shred(file);
    await rm(dir, { recursive: true, force: true });
  }
}

function editorCommand(env: NodeJS.ProcessEnv): string[] {
  const words = shlexSplit(env['EDITOR'] || 'vi').map((w) => w.text);
  if (words.length === 0) throw new PlayError('VAULT_EDITOR', 'EDITOR is set but empty', { hint: 'set EDITOR to an editor command, e.g. EDITOR=vi' });
  return words;
}

function runEditor(command: string[], file: string, env: NodeJS.ProcessEnv): Promise<number> {
  const [program = 'vi', ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args, file], { stdio: 'inherit', env });
    child.on('error', (err) =>
      reject(new PlayError('VAULT_EDITOR', `cannot run the editor "${command.join(' ')}": ${errnoOf(err)}`, {
        hint: 'set EDITOR to an installed editor, e.g. EDITOR=nano',
      })),
    );
    child.on('exit', (code, signal) => resolve(signal ? 128 : (code ?? 1)));
  });
}

/** Best effort: overwrite the plaintext before unlinking, so it is not left in free blocks. */
async function shred(file: string): Promise<void> {
  try {
    const { size } = await stat(file);
    const handle = await open(file, 'r+');
    try {
      await handle.write(Buffer.alloc(size), 0, size, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Nothing to shred (the editor may have replaced or removed the file).
  }
}

function errnoOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (err instanceof Error ? err.message : String(err));
}
