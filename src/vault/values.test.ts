import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { keyPosOf, parseYaml, posOf, VaultTagged } from '../playbook/yaml.js';
import { Masker, MASK } from '../secrets/mask.js';
import { encrypt } from './crypt.js';
import { formatVaultYaml } from './encrypt-string.js';
import { vaultSecret } from './secrets.js';
import { decryptTagged, decryptVaultValues, loadMaybeVaultedYaml } from './values.js';

const secret = vaultSecret('s3cret-pass');
const inline = (name: string, value: string, indent = ''): string =>
  formatVaultYaml(encrypt(value, secret), name).split('\n').map((l) => indent + l).join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'play-vault-values-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<PlayError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PlayError) return err;
    throw err;
  }
  throw new Error('expected a PlayError');
}

describe('decryptVaultValues', () => {
  const yaml = [
    'db:',
    inline('password', 'correct horse battery', '  '),
    '  user: app',
    'tokens:',
    '  - plain',
    `  - ${inline('', 'token-xyz').replace(/^: /, '')}`,
    'top: value',
  ].join('\n');

  it('replaces every !vault value in place, keeping source positions', async () => {
    const data = parseYaml(yaml, 'group_vars/all.yml') as { db: Record<string, unknown>; tokens: unknown[] };
    expect(data.db['password']).toBeInstanceOf(VaultTagged);
    const dbPos = posOf(data.db);
    const out = await decryptVaultValues(data, [secret]);
    expect(out).toBe(data);
    expect(data).toEqual({ db: { password: 'correct horse battery', user: 'app' }, tokens: ['plain', 'token-xyz'], top: 'value' });
    expect(posOf(data.db)).toEqual(dbPos);
    expect(keyPosOf(data.db, 'password')).toMatchObject({ line: 2 });
  });

  it('registers decrypted values with the masker', async () => {
    const masker = new Masker();
    await decryptVaultValues(parseYaml(yaml, 'vars.yml'), [secret], masker);
    expect(masker.maskString('login with correct horse battery and token-xyz')).toBe(`login with ${MASK} and ${MASK}`);
  });

  it('masks a block scalar value both with and without its trailing newline', async () => {
    const masker = new Masker();
    const tagged = new VaultTagged(encrypt('multi\nline secret\n', secret), { file: 'x.yml', line: 1 });
    expect(decryptTagged(tagged, [secret], masker)).toBe('multi\nline secret\n');
    expect(masker.maskString('got multi\nline secret!')).toBe(`got ${MASK}!`);
  });

  it('decrypts a bare VaultTagged to its string', async () => {
    const tagged = new VaultTagged(encrypt('solo', secret), { file: 'x.yml', line: 4 });
    expect(await decryptVaultValues(tagged, [secret])).toBe('solo');
  });

  it('fails with the position of the first value a wrong password cannot open', async () => {
    const err = await rejection(decryptVaultValues(parseYaml(yaml, 'group_vars/all.yml'), [vaultSecret('wrong')]));
    expect(err.code).toBe('VAULT_DECRYPT_FAILED');
    expect(err.source).toMatchObject({ file: 'group_vars/all.yml', line: 2 });
    expect(err.hint).toMatch(/--vault-password-file|--vault-id/);
  });

  it('fails with VAULT_NO_SECRET when no password was given', async () => {
    const err = await rejection(decryptVaultValues(parseYaml(yaml, 'vars.yml'), []));
    expect(err.code).toBe('VAULT_NO_SECRET');
    expect(err.source).toMatchObject({ file: 'vars.yml', line: 2 });
    expect(err.hint).toContain('--vault-password-file');
  });
});

describe('loadMaybeVaultedYaml', () => {
  it('parses plain YAML files', async () => {
    const file = path.join(dir, 'plain.yml');
    await writeFile(file, 'a: 1\n');
    expect(await loadMaybeVaultedYaml(file, [])).toEqual({ a: 1 });
  });

  it('decrypts whole-file vaults before parsing, with positions in the decrypted text', async () => {
    const file = path.join(dir, 'vault.yml');
    await writeFile(file, encrypt('vault_db_password: hunter2\nlist:\n  - 1\n', secret));
    const data = await loadMaybeVaultedYaml(file, [secret]);
    expect(data).toEqual({ vault_db_password: 'hunter2', list: [1] });
    expect(posOf((data as { list: unknown[] }).list)).toMatchObject({ file, line: 3 });
  });

  it('points errors at the file', async () => {
    const file = path.join(dir, 'vault2.yml');
    await writeFile(file, encrypt('a: 1\n', secret));
    expect(await rejection(loadMaybeVaultedYaml(file, [vaultSecret('nope')]))).toMatchObject({ code: 'VAULT_DECRYPT_FAILED', source: { file, line: 1 } });
    expect(await rejection(loadMaybeVaultedYaml(file, []))).toMatchObject({ code: 'VAULT_NO_SECRET' });
    expect(await rejection(loadMaybeVaultedYaml(path.join(dir, 'absent.yml'), []))).toMatchObject({ code: 'FILE_MISSING' });
  });
});
