import { AsyncLocalStorage } from 'node:async_hooks';
import { ParseError, type SourcePos } from '../errors.js';
import { UnsafeText } from '../template/unsafe.js';

/**
 * How YAML readers (playbooks, vars files, inventories) turn vault data into plaintext. A command
 * builds a decoder from --vault-password-file / --vault-id / --ask-vault-pass and runs its loads
 * and its run inside `withVaultDecoder`; the decoder also registers every plaintext as a secret
 * to mask. Readers call `decodeVault`; without a decoder, vaulted input is an error naming where
 * it is.
 *
 * The decoder belongs to the run's async context, not to the module: two runs in one process
 * (tests, the benchmark, tools reading several projects) each decrypt with their own passwords
 * and mask into their own masker, even concurrently, and nothing is left installed afterwards.
 */
export interface VaultDecoder {
  decode(ciphertext: string, pos: SourcePos): string;
  /** Registers a value that came out of a vault (each value of a vault-encrypted file). */
  secret(value: string): void;
}

const runDecoder = new AsyncLocalStorage<VaultDecoder | undefined>();

/** Runs `load` (and everything it starts, sync or async) with `decoder` opening vault data. */
export function withVaultDecoder<T>(decoder: VaultDecoder | undefined, load: () => T): T {
  return runDecoder.run(decoder, load);
}

/** Every scalar of data loaded from a vault-encrypted file is a secret. */
export function markVaultSecrets(data: unknown): void {
  const decoder = runDecoder.getStore();
  if (decoder) markEach(decoder, data);
}

function markEach(decoder: VaultDecoder, data: unknown): void {
  if (typeof data === 'string' || typeof data === 'number') decoder.secret(String(data));
  else if (data instanceof UnsafeText) decoder.secret(data.text);
  else if (Array.isArray(data)) data.forEach((item) => markEach(decoder, item));
  else if (data && typeof data === 'object') Object.values(data).forEach((item) => markEach(decoder, item));
}

export const VAULT_FILE_HEADER = '$ANSIBLE_VAULT;';

export function decodeVault(ciphertext: string, pos: SourcePos): string {
  const decoder = runDecoder.getStore();
  if (!decoder) {
    throw new ParseError('VAULT_NO_SECRET', 'found vault-encrypted data but no vault password was given', {
      source: pos,
      hint: 'pass --vault-password-file FILE, --vault-id LABEL@FILE or --ask-vault-pass',
    });
  }
  return decoder.decode(ciphertext, pos);
}

/** Whole-file vaults: the plaintext of a file that starts with the vault header, else the text. */
export function maybeDecodeVaultFile(text: string, file: string): { text: string; vaulted: boolean } {
  if (!text.startsWith(VAULT_FILE_HEADER)) return { text, vaulted: false };
  return { text: decodeVault(text, { file, line: 1, col: 1 }), vaulted: true };
}
