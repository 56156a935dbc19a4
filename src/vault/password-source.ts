import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PlayError } from '../errors.js';

/**
 * Vault password files: a file holds the password, or — if it is executable — prints it when run,
 * like Ansible. A script named `*-client` or `*-client.EXT` is a "client script" and is told which
 * vault id is wanted (`--vault-id LABEL`).
 *
 * Reading is synchronous on purpose: runs read their password files only when the first vaulted
 * value is decrypted, and YAML readers decrypt synchronously (see ./deferred-secrets.ts).
 */
export interface CheckedPasswordFile {
  /** As given (messages name it so). */
  readonly file: string;
  /** With `~` expanded. */
  readonly full: string;
  readonly executable: boolean;
}

/** Checks that the file exists and is a regular file, without reading or running it. */
export function checkPasswordFile(file: string): CheckedPasswordFile {
  const full = expandHome(file);
  try {
    const st = statSync(full);
    if (!st.isFile()) throw new Error('not a regular file');
    return { file, full, executable: (st.mode & 0o111) !== 0 };
  } catch (err) {
    throw new PlayError('VAULT_PASSWORD_FILE', `cannot read the vault password file ${file}: ${reason(err)}`, {
      hint: 'check the path given to --vault-password-file / --vault-id, or PLAY_VAULT_PASSWORD_FILE',
    });
  }
}

/** The password: the file's content, or the stdout of running it when it is executable. */
export function readCheckedPasswordFile(checked: CheckedPasswordFile, vaultId: string): Buffer {
  if (checked.executable) return runPasswordScript(checked.full, vaultId);
  let content: Buffer;
  try {
    content = readFileSync(checked.full);
  } catch (err) {
    throw new PlayError('VAULT_PASSWORD_FILE', `cannot read the vault password file ${checked.file}: ${reason(err)}`, {
      hint: 'check the path given to --vault-password-file / --vault-id, or PLAY_VAULT_PASSWORD_FILE',
    });
  }
  const password = stripBytes(stripBytes(content, ASCII_SPACE), CRLF);
  if (password.length === 0) {
    throw new PlayError('VAULT_PASSWORD_EMPTY', `the vault password file ${checked.file} is empty`, {
      hint: 'put the password on the first line of the file',
    });
  }
  return password;
}

export async function readPasswordFile(file: string, vaultId: string): Promise<Buffer> {
  return readCheckedPasswordFile(checkPasswordFile(file), vaultId);
}

export function isClientScript(file: string): boolean {
  const ext = path.extname(file);
  return (ext ? file.slice(0, -ext.length) : file).endsWith('-client');
}

interface ExecFailure {
  status?: number | null;
  signal?: string | null;
  code?: string;
  message?: string;
  stderr?: Buffer | string;
}

function runPasswordScript(file: string, vaultId: string): Buffer {
  const args = isClientScript(file) ? ['--vault-id', vaultId] : [];
  let stdout: Buffer;
  try {
    stdout = execFileSync(file, args, { encoding: 'buffer', maxBuffer: 1 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (caught) {
    const err = caught as ExecFailure;
    const code = typeof err.status === 'number' ? `exit ${err.status}` : String(err.signal ?? err.code ?? err.message);
    // Exit 2 is how client scripts say "no secret for this vault id".
    const missing = isClientScript(file) && err.status === 2;
    throw new PlayError('VAULT_PASSWORD_SCRIPT', missing
      ? `vault password client script ${file} has no secret for vault id "${vaultId}"`
      : `vault password script ${file} failed (${code}): ${String(err.stderr ?? '').trim()}`, {
      hint: 'run the script by hand to see what it needs; it must print the password on stdout and exit 0',
    });
  }
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
