import type { Masker } from '../secrets/mask.js';
import type { VaultDecoder } from '../secrets/vault-hook.js';
import { decrypt, type SecretList } from './crypt.js';

/**
 * The decoder YAML readers use for `!vault` values and vault-encrypted files: decrypts with the
 * run's vault secrets and hands every plaintext to the masker, so a vaulted value is masked in
 * output and diffs even without no_log. `secrets` may be a function: it is called at each decrypt
 * (runs pass one that reads the password files the first time, see ./deferred-secrets.ts).
 */
export function vaultDecoder(secrets: SecretList | (() => SecretList), masker?: Masker): VaultDecoder {
  return {
    decode(ciphertext, pos) {
      const plain = decrypt(ciphertext, typeof secrets === 'function' ? secrets() : secrets, pos).toString('utf8');
      masker?.add(plain);
      masker?.add(plain.replace(/\n$/, ''));
      return plain;
    },
    secret: (value) => masker?.add(value),
  };
}
