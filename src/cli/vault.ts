import type { Masker } from '../secrets/mask.js';
import { setVaultDecoder } from '../secrets/vault-hook.js';
import { vaultDecoder } from '../vault/decoder.js';
import { VaultSecrets } from '../vault/secrets.js';
import type { Io } from './reporters.js';

export interface VaultOptions {
  vaultId?: string[];
  vaultPasswordFile?: string[];
  vaultPassFile?: string[];
  askVaultPass?: boolean;
  askVaultPassword?: boolean;
}

/**
 * Makes vault data loadable for this run: every `!vault` value and vault-encrypted file is
 * decrypted as it is read, and each plaintext becomes a secret the masker hides everywhere
 * (output, --json, diffs), with or without no_log.
 */
export async function installVault(o: VaultOptions, masker: Masker, io: Io): Promise<void> {
  const secrets = await VaultSecrets.fromOptions(
    {
      vaultId: o.vaultId ?? [],
      vaultPasswordFile: [...(o.vaultPasswordFile ?? []), ...(o.vaultPassFile ?? [])],
      askVaultPass: o.askVaultPass === true || o.askVaultPassword === true,
    },
    { onWarning: (m) => io.stderr.write(`[WARNING]: ${m}\n`) },
  );
  if (secrets.isEmpty) {
    setVaultDecoder(undefined);
    return;
  }
  setVaultDecoder(vaultDecoder(secrets, masker));
}
