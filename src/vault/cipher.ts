import { createCipheriv, createDecipheriv, createHash, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { PlayError } from '../errors.js';

/**
 * Ansible's VaultAES256 cipher: PBKDF2-HMAC-SHA256 (10000 rounds) derives an AES-256-CTR key,
 * an HMAC-SHA256 key and the initial counter from the password and a random 32-byte salt.
 * The body is hexlify(hexlify(salt) "\n" hex(hmac) "\n" hexlify(ciphertext)) — the double
 * hexlify is part of the format, so it stays.
 */
const KEY_BYTES = 32;
const COUNTER_BYTES = 16;
const SALT_BYTES = 32;
const ROUNDS = 10_000;
const BLOCK = 16;
const pbkdf2Async = promisify(pbkdf2);

export interface DerivedKeys {
  cipherKey: Buffer;
  hmacKey: Buffer;
  counter: Buffer;
}

/** The three parts of a decoded vault body. */
export interface SealedPayload {
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

/**
 * Keys derived in this process, by password and salt. PBKDF2's 10,000 rounds are the point of
 * the format, but a process that reads the same vaulted files run after run (`play serve`) need
 * not pay them again: the keys are no more secret than the password the process already holds.
 */
const derivedKeys = new Map<string, DerivedKeys>();
const DERIVED_KEYS_LIMIT = 1024;

function derivedKeysId(password: Buffer, salt: Buffer): string {
  return createHash('sha256').update(password).update('\0').update(salt).digest('hex');
}

function remember(id: string, keys: DerivedKeys): DerivedKeys {
  if (derivedKeys.size >= DERIVED_KEYS_LIMIT) derivedKeys.clear();
  derivedKeys.set(id, keys);
  return keys;
}

export function deriveKeys(password: Buffer, salt: Buffer): DerivedKeys {
  const id = derivedKeysId(password, salt);
  return derivedKeys.get(id) ?? remember(id, splitDerived(pbkdf2Sync(password, salt, ROUNDS, 2 * KEY_BYTES + COUNTER_BYTES, 'sha256')));
}

/** Same as deriveKeys, on the libuv thread pool so many values can be derived at once. */
export async function deriveKeysAsync(password: Buffer, salt: Buffer): Promise<DerivedKeys> {
  const id = derivedKeysId(password, salt);
  return derivedKeys.get(id) ?? remember(id, splitDerived(await pbkdf2Async(password, salt, ROUNDS, 2 * KEY_BYTES + COUNTER_BYTES, 'sha256')));
}

function splitDerived(derived: Buffer): DerivedKeys {
  return {
    cipherKey: derived.subarray(0, KEY_BYTES),
    hmacKey: derived.subarray(KEY_BYTES, 2 * KEY_BYTES),
    counter: derived.subarray(2 * KEY_BYTES, 2 * KEY_BYTES + COUNTER_BYTES),
  };
}

/** Encrypts to the (unwrapped) vault body. `salt` is only fixed by tests. */
export function sealAes256(plaintext: Buffer, password: Buffer, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const keys = deriveKeys(password, salt);
  const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, keys.counter);
  const ciphertext = Buffer.concat([cipher.update(pkcs7Pad(plaintext)), cipher.final()]);
  const hmac = createHmac('sha256', keys.hmacKey).update(ciphertext).digest();
  const inner = `${salt.toString('hex')}\n${hmac.toString('hex')}\n${ciphertext.toString('hex')}`;
  return Buffer.from(inner, 'ascii').toString('hex');
}

/** Decodes the vault body; a malformed body is a VAULT_FORMAT error (no password can help). */
export function parseSealed(body: string): SealedPayload {
  const inner = unhex(body, 'vault body').toString('latin1');
  const parts = inner.split('\n');
  if (parts.length < 3) throw formatError('the vault body does not hold salt, HMAC and ciphertext');
  const [salt = '', hmac = '', ...rest] = parts;
  return {
    salt: unhex(salt, 'salt'),
    hmac: unhex(hmac, 'HMAC'),
    ciphertext: unhex(rest.join('\n'), 'ciphertext'),
  };
}

/**
 * Checks the HMAC (in constant time) before touching the ciphertext; undefined means "not this
 * password, or tampered with" — both look the same, by design of the format.
 */
export function openAes256(payload: SealedPayload, keys: DerivedKeys): Buffer | undefined {
  const expected = createHmac('sha256', keys.hmacKey).update(payload.ciphertext).digest();
  if (payload.hmac.length !== expected.length || !timingSafeEqual(payload.hmac, expected)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', keys.cipherKey, keys.counter);
  const padded = Buffer.concat([decipher.update(payload.ciphertext), decipher.final()]);
  return pkcs7Unpad(padded);
}

function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function pkcs7Unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  const valid = data.length % BLOCK === 0 && n >= 1 && n <= BLOCK && data.subarray(data.length - n).every((b) => b === n);
  // The HMAC already matched, so bad padding means the data was written by a broken encoder.
  if (!valid) throw formatError('invalid padding in the decrypted data');
  return data.subarray(0, data.length - n);
}

function unhex(text: string, what: string): Buffer {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw formatError(`the ${what} is not valid hexadecimal`);
  return Buffer.from(text, 'hex');
}

export function formatError(message: string): PlayError {
  return new PlayError('VAULT_FORMAT', `malformed vault data: ${message}`, {
    hint: 'the vaulted text was changed or truncated; restore it from version control or encrypt it again',
  });
}
