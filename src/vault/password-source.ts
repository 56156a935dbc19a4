import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PlayError } from '../errors.js';

/**
 * Reads a vault password from a file, or — if the file is executable — from the stdout of
 * running it, like Ansible. A script named `*-client` or `*-client.EXT` is a "client script"
 * and is told which vault id is wanted (`--vault-id LABEL`).
 */
export async function readPasswordFile(file: string, vaultId: string): Promise<Buffer> {
  const full = expandHome(file);
  let mode: number;
  try {
    const st = await stat(full);
    if (!st.isFile()) throw new Error('not a regular file');
    mode = st.mode;
  } catch (err) {
    throw new PlayError('VAULT_PASSWORD_FILE', `cannot read the vault password file ${file}: ${reason(err)}`, {
      hint: 'check the path given to --vault-password-file / --vault-id, or PLAY_VAULT_PASSWORD_FILE',
    });
  }
  if ((mode & 0o111) !== 0) return runPasswordScript(full, vaultId);
  const content = await readFile(full);
  const password = stripBytes(stripBytes(content, ASCII_SPACE), CRLF);
  if (password.length === 0) {
    throw new PlayError('VAULT_PASSWORD_EMPTY', `the vault password file ${file} is empty`, {
      hint: 'put the password on the first line of the file',
    });
  }
  return password;
}

export function isClientScript(file: string): boolean {
  const ext = path.extname(file);
  return (ext ? file.slice(0, -ext.length) : file).endsWith('-client');
}

async function runPasswordScript(file: string, vaultId: string): Promise<Buffer> {
  const args = isClientScript(file) ? ['--vault-id', vaultId] : [];
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    execFile(file, args, { encoding: 'buffer', maxBuffer: 1 << 20 }, (err, out, errOut) => {
      if (!err) return resolve(out);
      const code = typeof err.code === 'number' ? `exit ${err.code}` : String(err.code ?? err.message);
      // Exit 2 is how client scripts say "no secret for this vault id".
      const missing = isClientScript(file) && err.code === 2;
      reject(
        new PlayError('VAULT_PASSWORD_SCRIPT', missing
          ? `vault password client script ${file} has no secret for vault id "${vaultId}"`
          : `vault password script ${file} failed (${code}): ${errOut.toString('utf8').trim()}`, {
          hint: 'run the script by hand to see what it needs; it must print the password on stdout and exit 0',
        }),
      );
    });
  });
  const password = stripBytes(stdout, CRLF);
  if (password.length === 0) {
    throw new PlayError('VAULT_PASSWORD_EMPTY', `vault password script ${file} printed no password`, {
      hint: 'the script must print the password on stdout',
    });
  }
  return password;
}

/** Python's bytes.strip() and bytes.strip(b'\r\n'): only these bytes, never Unicode spaces. */
const ASCII_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);
const CRLF = new Set([0x0a, 0x0d]);

function stripBytes(data: Buffer, chars: ReadonlySet<number>): Buffer {
  let start = 0;
  let end = data.length;
  while (start < end && chars.has(data[start] ?? -1)) start++;
  while (end > start && chars.has(data[end - 1] ?? -1)) end--;
  return data.subarray(start, end);
}

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (err instanceof Error ? err.message : String(err));
}
