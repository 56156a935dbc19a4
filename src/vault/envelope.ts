import { PlayError } from '../errors.js';
import { formatError } from './cipher.js';

/**
 * The text around a vault body: `$ANSIBLE_VAULT;1.1;AES256` (or `;1.2;AES256;<vault-id>`) on the
 * first line, then the body in 80-column lines, newline-terminated.
 */
export const VAULT_HEADER = '$ANSIBLE_VAULT';
export const DEFAULT_VAULT_ID = 'default';
const LINE_WIDTH = 80;

export interface VaultEnvelope {
  version: string;
  cipher: string;
  /** Only 1.2 headers carry one. */
  vaultId: string | undefined;
  body: string;
}

/** True if the text (or bytes) starts with the vault header, exactly as Ansible checks it. */
export function isVaulted(data: string | Buffer): boolean {
  if (Buffer.isBuffer(data)) return data.subarray(0, VAULT_HEADER.length).toString('latin1') === VAULT_HEADER;
  return data.startsWith(VAULT_HEADER);
}

export function formatEnvelope(body: string, vaultId?: string): string {
  const labelled = vaultId !== undefined && vaultId !== '' && vaultId !== DEFAULT_VAULT_ID;
  const header = labelled ? `${VAULT_HEADER};1.2;AES256;${vaultId}` : `${VAULT_HEADER};1.1;AES256`;
  const lines = [header];
  for (let i = 0; i < body.length; i += LINE_WIDTH) lines.push(body.slice(i, i + LINE_WIDTH));
  return `${lines.join('\n')}\n`;
}

export function parseEnvelope(text: string): VaultEnvelope {
  const lines = text.trimStart().split(/\r\n|\r|\n/);
  const header = (lines[0] ?? '').trim().split(';').map((part) => part.trim());
  if (header[0] !== VAULT_HEADER) throw formatError('the data does not start with $ANSIBLE_VAULT');
  const [, version, cipher, vaultId] = header;
  if (version === undefined || cipher === undefined) throw formatError(`incomplete vault header "${lines[0] ?? ''}"`);
  if (cipher !== 'AES256') {
    throw new PlayError('VAULT_FORMAT', `unsupported vault cipher "${cipher}"`, {
      hint: 'only AES256 vaults can be read; re-encrypt the data with a current ansible-vault or `play vault rekey`',
    });
  }
  return { version, cipher, vaultId: vaultId || undefined, body: lines.slice(1).join('').replace(/\s+/g, '') };
}
