/**
 * Ansible Vault: encrypted files and `!vault` values, interchangeable with ansible-vault.
 */
export { decrypt, decryptAsync, decryptDetailed, encrypt, type Decrypted, type SecretList } from './crypt.js';
export { DEFAULT_VAULT_ID, isVaulted, parseEnvelope, VAULT_HEADER } from './envelope.js';
export {
  NO_SECRET_HINT,
  splitVaultId,
  vaultSecret,
  VaultSecrets,
  type PasswordPrompt,
  type VaultCliOptions,
  type VaultSecret,
  type VaultSecretsContext,
} from './secrets.js';
export { vaultDecoder } from './decoder.js';
