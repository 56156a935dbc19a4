import { PlayError, type SourcePos } from '../errors.js';
import { deriveKeys, deriveKeysAsync, openAes256, parseSealed, sealAes256, type DerivedKeys, type SealedPayload } from './cipher.js';
import { formatEnvelope, isVaulted, parseEnvelope } from './envelope.js';
import { NO_SECRET_HINT, VaultSecrets, type VaultSecret } from './secrets.js';

/** Anything that holds vault passwords: the run's VaultSecrets or a plain list. */
export type SecretList = VaultSecrets | readonly VaultSecret[];

export interface Decrypted {
  plaintext: Buffer;
  /** The secret that opened it (edit re-encrypts with it). */
  secret: VaultSecret;
  /** The vault id in the header, if any (edit keeps it). */
  vaultId: string | undefined;
}

/**
 * Encrypts to the complete vault text (header + 80-column body). The header carries `vaultId`,
 * by default the secret's own id; the default id gives a 1.1 header, any other a 1.2 header.
 */
export function encrypt(plaintext: Buffer | string, secret: VaultSecret, vaultId: string = secret.id, salt?: Buffer): string {
  const data = Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8');
  if (isVaulted(data)) {
    throw new PlayError('VAULT_ALREADY_ENCRYPTED', 'the input is already vault-encrypted', {
      hint: 'decrypt it first, or use `play vault rekey` to change its password',
    });
  }
  return formatEnvelope(sealAes256(data, secret.password, salt), vaultId);
}

/** Decrypts vault text; `source` (where the text came from) goes into the error messages. */
export function decrypt(text: string | Buffer, secrets: SecretList, source?: SourcePos): Buffer {
  return decryptDetailed(text, secrets, source).plaintext;
}

export function decryptDetailed(text: string | Buffer, secrets: SecretList, source?: SourcePos): Decrypted {
  const { payload, vaultId, candidates } = prepare(text, secrets, source);
  for (const secret of candidates) {
    const plaintext = openAes256(payload, deriveKeys(secret.password, payload.salt));
    if (plaintext) return { plaintext, secret, vaultId };
  }
  throw decryptFailed(vaultId, candidates, source);
}

/** Like decryptDetailed, but derives keys off the main thread so many values decrypt in parallel. */
export async function decryptAsync(text: string | Buffer, secrets: SecretList, source?: SourcePos): Promise<Decrypted> {
  const { payload, vaultId, candidates } = prepare(text, secrets, source);
  for (const secret of candidates) {
    const keys: DerivedKeys = await deriveKeysAsync(secret.password, payload.salt);
    const plaintext = openAes256(payload, keys);
    if (plaintext) return { plaintext, secret, vaultId };
  }
  throw decryptFailed(vaultId, candidates, source);
}

function prepare(
  text: string | Buffer,
  secrets: SecretList,
  source: SourcePos | undefined,
): { payload: SealedPayload; vaultId: string | undefined; candidates: VaultSecret[] } {
  const list = secrets instanceof VaultSecrets ? secrets.list : secrets;
  const str = (Buffer.isBuffer(text) ? text.toString('latin1') : text).trimStart();
  if (!isVaulted(str)) {
    throw new PlayError('VAULT_FORMAT', 'the data is not vault-encrypted (no $ANSIBLE_VAULT header)', {
      source,
      hint: 'only text produced by `play vault` or ansible-vault can be decrypted',
    });
  }
  let payload: SealedPayload;
  let vaultId: string | undefined;
  try {
    const envelope = parseEnvelope(str);
    vaultId = envelope.vaultId;
    payload = parseSealed(envelope.body);
  } catch (err) {
    if (err instanceof PlayError) throw new PlayError(err.code, err.message, { source, hint: err.hint });
    throw err;
  }
  if (list.length === 0) {
    throw new PlayError('VAULT_NO_SECRET', 'found vault-encrypted data but no vault password was given', { source, hint: NO_SECRET_HINT });
  }
  // The secret labelled like the header is the likely one; the others are still tried, as
  // Ansible does, because the label is not authenticated and is often missing.
  const matching = list.filter((s) => vaultId !== undefined && s.id === vaultId);
  return { payload, vaultId, candidates: [...matching, ...list.filter((s) => !matching.includes(s))] };
}

function decryptFailed(vaultId: string | undefined, tried: readonly VaultSecret[], source: SourcePos | undefined): PlayError {
  const which = vaultId ? ` (vault id "${vaultId}")` : '';
  const ids = [...new Set(tried.map((s) => s.id))].join(', ');
  return new PlayError('VAULT_DECRYPT_FAILED', `cannot decrypt vaulted data${which}: no vault password given matches`, {
    source,
    hint: `tried the vault ids ${ids}; the password is wrong, the data was encrypted for another vault id, or it was tampered with — ` +
      `give the right one with --vault-password-file FILE or --vault-id ${vaultId ?? 'LABEL'}@FILE`,
  });
}
