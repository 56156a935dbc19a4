import { describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { decrypt, encrypt } from './crypt.js';
import { formatEnvelope, isVaulted, parseEnvelope } from './envelope.js';
import { vaultSecret } from './secrets.js';

// Produced by ansible-core 2.14's VaultLib.encrypt with salt=bytes(range(32)).
const SALT = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const ANSIBLE_11 = `$ANSIBLE_VAULT;1.1;AES256
30303031303230333034303530363037303830393061306230633064306530663130313131323133
3134313531363137313831393161316231633164316531660a306132353565383764633964366663
62306139346465326230663235666435643832386638396462316233373864663863663762623036
6136613937653036310a613366363739363462313263626633663335393835373462646461643139
3538
`;
const ANSIBLE_12 = `$ANSIBLE_VAULT;1.2;AES256;prod
30303031303230333034303530363037303830393061306230633064306530663130313131323133
3134313531363137313831393161316231633164316531660a303530363465656162316261613730
65376337626235646162396261356332333537656234303361373135616531366434336366633463
6337343265376461650a623861303736376165643738633335343461666532393462643361333137
3536
`;
const horse = vaultSecret('correct horse');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PlayError) return err.code;
    throw err;
  }
  return undefined;
}

describe('vault format (AES256)', () => {
  it('encrypts byte for byte like ansible-vault given the same salt', () => {
    expect(encrypt('hello vault\n', horse, undefined, SALT)).toBe(ANSIBLE_11);
    expect(encrypt('s3cr3t', vaultSecret('correct horse', 'prod'), undefined, SALT)).toBe(ANSIBLE_12);
  });

  it('decrypts ansible-vault output, 1.1 and 1.2', () => {
    expect(decrypt(ANSIBLE_11, [horse]).toString()).toBe('hello vault\n');
    expect(decrypt(ANSIBLE_12, [horse]).toString()).toBe('s3cr3t');
  });

  it('uses a fresh random salt each time', () => {
    const a = encrypt('same', horse);
    const b = encrypt('same', horse);
    expect(a).not.toBe(b);
    expect(decrypt(a, [horse]).toString()).toBe('same');
  });

  it('wraps the body at 80 columns and ends with a newline', () => {
    const text = encrypt('x'.repeat(500), horse);
    const lines = text.split('\n');
    expect(lines[0]).toBe('$ANSIBLE_VAULT;1.1;AES256');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -2).every((l) => l.length === 80)).toBe(true);
    expect(lines.at(-2)!.length).toBeLessThanOrEqual(80);
  });

  it('round-trips binary data and the empty string', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256));
    expect(decrypt(encrypt(bytes, horse), [horse]).equals(bytes)).toBe(true);
    expect(decrypt(encrypt('', horse), [horse]).length).toBe(0);
    for (const n of [15, 16, 17, 32]) expect(decrypt(encrypt('a'.repeat(n), horse), [horse]).toString()).toBe('a'.repeat(n));
  });

  it('rejects a wrong password and tampered ciphertext through the HMAC', () => {
    expect(codeOf(() => decrypt(ANSIBLE_11, [vaultSecret('wrong')]))).toBe('VAULT_DECRYPT_FAILED');
    const body = parseEnvelope(ANSIBLE_11).body;
    const inner = Buffer.from(body, 'hex').toString('latin1');
    const flipped = inner.slice(0, -1) + (inner.endsWith('0') ? '1' : '0');
    const tampered = formatEnvelope(Buffer.from(flipped, 'latin1').toString('hex'));
    expect(codeOf(() => decrypt(tampered, [horse]))).toBe('VAULT_DECRYPT_FAILED');
  });

  it('tries the secret labelled like the header first, then the others', () => {
    const text = encrypt('for prod', vaultSecret('p', 'prod'));
    expect(text.startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n')).toBe(true);
    expect(decrypt(text, [vaultSecret('d', 'dev'), vaultSecret('p', 'prod')]).toString()).toBe('for prod');
    // The label is only a hint: a secret under another label still opens it.
    expect(decrypt(text, [vaultSecret('p', 'other')]).toString()).toBe('for prod');
  });

  it('reports malformed data, missing secrets and double encryption distinctly', () => {
    expect(codeOf(() => decrypt('$ANSIBLE_VAULT;1.1;AES256\nzz\n', [horse]))).toBe('VAULT_FORMAT');
    expect(codeOf(() => decrypt('$ANSIBLE_VAULT;1.0;AES\n00\n', [horse]))).toBe('VAULT_FORMAT');
    expect(codeOf(() => decrypt('plain text', [horse]))).toBe('VAULT_FORMAT');
    expect(codeOf(() => decrypt(ANSIBLE_11, []))).toBe('VAULT_NO_SECRET');
    expect(codeOf(() => encrypt(ANSIBLE_11, horse))).toBe('VAULT_ALREADY_ENCRYPTED');
  });

  it('recognises vaulted data only by its leading header', () => {
    expect(isVaulted(ANSIBLE_11)).toBe(true);
    expect(isVaulted(Buffer.from(ANSIBLE_12))).toBe(true);
    expect(isVaulted('key: $ANSIBLE_VAULT')).toBe(false);
    expect(isVaulted(Buffer.from([0xff, 0x00]))).toBe(false);
  });

  it('puts the source position and the tried ids into the error', () => {
    try {
      decrypt(ANSIBLE_12, [vaultSecret('nope', 'dev')], { file: 'vars.yml', line: 3, col: 7 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlayError);
      const e = err as PlayError;
      expect(e.describe()).toMatch(/^vars\.yml:3:7: cannot decrypt vaulted data \(vault id "prod"\)/);
      expect(e.hint).toContain('dev');
      expect(e.hint).toContain('--vault-id prod@FILE');
    }
  });
});
