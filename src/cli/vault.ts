import { OptionsError, PlayError } from '../errors.js';
import type { Masker } from '../secrets/mask.js';
import type { VaultDecoder } from '../secrets/vault-hook.js';
import { vaultDecoder } from '../vault/decoder.js';
import { DeferredVaultSecrets } from '../vault/deferred-secrets.js';
import { cliWarning, type Io } from './reporters.js';

/** The config's vault settings (ansible.cfg, play.config.yml). */
export interface VaultSettings {
  vaultPasswordFile?: string | undefined;
  vaultIdentityList?: readonly string[] | undefined;
}

export interface VaultOptions {
  vaultId?: string[];
  vaultPasswordFile?: string[];
  vaultPassFile?: string[];
  askVaultPass?: boolean;
  askVaultPassword?: boolean;
}

/**
 * The decoder that makes vault data loadable for this run (undefined: no password was given):
 * run the loads and the run inside withVaultDecoder with it. Every `!vault` value and
 * vault-encrypted file is decrypted as it is read, and each plaintext becomes a secret the masker
 * hides everywhere (output, --json, diffs), with or without no_log. Password files are read
 * (scripts run) only when the first vaulted value is met.
 */
export async function openVault(o: VaultOptions & { json?: boolean }, masker: Masker, io: Io, config?: VaultSettings): Promise<VaultDecoder | undefined> {
  // the config's vault_password_file and vault_identity_list, unless the environment names its own
  const env = process.env;
  const fromEnv = Boolean(env['PLAY_VAULT_PASSWORD_FILE'] || env['ANSIBLE_VAULT_PASSWORD_FILE'] || env['PLAY_VAULT_IDENTITY_LIST'] || env['ANSIBLE_VAULT_IDENTITY_LIST']);
  const configuredFile = config?.vaultPasswordFile && !fromEnv ? [config.vaultPasswordFile] : [];
  const configuredIds = fromEnv ? [] : (config?.vaultIdentityList ?? []);
  const secrets = await DeferredVaultSecrets.fromOptions(
    {
      vaultId: [...configuredIds, ...(o.vaultId ?? [])],
      vaultPasswordFile: [...(o.vaultPasswordFile ?? []), ...(o.vaultPassFile ?? []), ...configuredFile],
      askVaultPass: o.askVaultPass === true || o.askVaultPassword === true,
    },
    { onWarning: (m) => cliWarning(io, o.json === true, m) },
  ).catch((err: unknown) => {
    throw asBadOption(err);
  });
  if (secrets.isEmpty) return undefined;
  return vaultDecoder(() => {
    try {
      return secrets.secrets();
    } catch (err) {
      throw asBadOption(err);
    }
  }, masker);
}

/** An unreadable password file is a bad option of this run (exit 5). */
function asBadOption(err: unknown): unknown {
  if (err instanceof PlayError && err.code === 'VAULT_PASSWORD_FILE') return new OptionsError(err.message, { hint: err.hint, cause: err });
  return err;
}
