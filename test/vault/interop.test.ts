import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlayError } from '../../src/errors.js';
import { Masker, MASK } from '../../src/secrets/mask.js';
import { decrypt, encrypt, parseEnvelope, vaultSecret } from '../../src/vault/index.js';
import { parseWithVault } from './support.js';
import { FakeVaultIo, playVault, vaultWorkdir } from './support.js';

/**
 * Interoperability with the real ansible-vault (Debian's ansible-core). Skipped where it is not
 * installed, except in CI, where a missing ansible-vault is a failure.
 */
const haveAnsibleVault = spawnSync('ansible-vault', ['--version'], { stdio: 'ignore' }).status === 0;
const haveAnsible = spawnSync('ansible', ['--version'], { stdio: 'ignore' }).status === 0;
const required = Boolean(process.env['CI']);

const alpha = vaultSecret('alpha pass');
let w: Awaited<ReturnType<typeof vaultWorkdir>>;
beforeEach(async () => {
  w = await vaultWorkdir();
});
afterEach(async () => w.cleanup());

/** Runs ansible-vault in the work dir; returns stdout, throws with stderr on failure. */
function ansibleVault(args: string[], input?: Buffer | string): Buffer {
  const res = spawnSync('ansible-vault', args, {
    cwd: w.dir,
    input,
    env: { PATH: process.env['PATH'], HOME: w.dir, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1' },
  });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`ansible-vault ${args[0] ?? ''} failed (${String(res.status)}): ${res.stderr.toString()}`);
  return res.stdout;
}

const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + (i >> 7)) % 256));

describe('ansible-vault is available where interop must be tested', () => {
  it.runIf(required)('is on PATH in CI', () => {
    expect(haveAnsibleVault, 'install ansible-core (apt-get install ansible-core)').toBe(true);
  });
});

describe.runIf(haveAnsibleVault || required)('interop with ansible-vault', () => {
  it('ansible-vault decrypts what we encrypt (1.1 and 1.2 headers)', async () => {
    await writeFile(w.at('ours.yml'), encrypt('db_password: hunter2\n', alpha));
    expect(ansibleVault(['decrypt', '--vault-password-file', w.at('pw-a'), '--output', '-', w.at('ours.yml')]).toString()).toBe('db_password: hunter2\n');

    await writeFile(w.at('prod.yml'), encrypt('for prod', vaultSecret('bravo pass', 'prod')));
    expect(ansibleVault(['decrypt', '--vault-id', `prod@${w.at('pw-b')}`, '--output', '-', w.at('prod.yml')]).toString()).toBe('for prod');
  });

  it('we decrypt what ansible-vault encrypts (1.1 and 1.2 headers)', async () => {
    await writeFile(w.at('theirs.yml'), 'api_key: abc123\n');
    ansibleVault(['encrypt', '--vault-password-file', w.at('pw-a'), w.at('theirs.yml')]);
    expect(decrypt(await readFile(w.at('theirs.yml')), [alpha]).toString()).toBe('api_key: abc123\n');

    const labelled = ansibleVault(['encrypt', '--vault-id', `prod@${w.at('pw-b')}`, '--output', '-'], 'labelled').toString();
    expect(labelled.startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n')).toBe(true);
    expect(decrypt(labelled, [alpha, vaultSecret('bravo pass', 'prod')]).toString()).toBe('labelled');
  });

  it('round-trips binary data both ways', async () => {
    await writeFile(w.at('bin'), encrypt(binary, alpha));
    ansibleVault(['decrypt', '--vault-password-file', w.at('pw-a'), w.at('bin')]);
    expect((await readFile(w.at('bin'))).equals(binary)).toBe(true);
    ansibleVault(['encrypt', '--vault-password-file', w.at('pw-a'), w.at('bin')]);
    expect(decrypt(await readFile(w.at('bin')), [alpha]).equals(binary)).toBe(true);
  });

  it('ansible-vault encrypt_string output parses into a value that decrypts and gets masked', async () => {
    const yaml = ansibleVault(['encrypt_string', '--vault-password-file', w.at('pw-a'), '--name', 'db_password', 'sup3r-secret']).toString();
    const masker = new Masker();
    expect(parseWithVault(`${yaml}\nother: plain\n`, 'vars.yml', [alpha], masker)).toEqual({ db_password: 'sup3r-secret', other: 'plain' });
    expect(masker.maskString('password is sup3r-secret')).toBe(`password is ${MASK}`);
  });

  it.runIf(haveAnsible)('ansible reads the !vault values `play vault encrypt_string` prints', async () => {
    const io = new FakeVaultIo();
    await playVault(io, 'encrypt_string', '--vault-id', `prod@${w.at('pw-b')}`, '--name', 'greeting', 'hello from play');
    await writeFile(w.at('vars.yml'), io.out);
    const out = execFileSync(
      'ansible',
      ['localhost', '-i', 'localhost,', '-c', 'local', '-m', 'debug', '-a', 'var=greeting', '-e', `@${w.at('vars.yml')}`, '--vault-id', `prod@${w.at('pw-b')}`],
      { cwd: w.dir, env: { PATH: process.env['PATH'], HOME: w.dir, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1' } },
    ).toString();
    expect(out).toContain('"greeting": "hello from play"');
  });

  it('ansible-vault reads files our CLI encrypted and rekeyed', async () => {
    await writeFile(w.at('f.yml'), 'v: 1\n');
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-password-file', w.at('pw-a'), w.at('f.yml'));
    await playVault(new FakeVaultIo(), 'rekey', '--vault-password-file', w.at('pw-a'), '--new-vault-id', `ops@${w.at('pw-b')}`, w.at('f.yml'));
    expect(ansibleVault(['view', '--vault-id', `ops@${w.at('pw-b')}`, w.at('f.yml')]).toString()).toBe('v: 1\n');
    expect(() => ansibleVault(['view', '--vault-password-file', w.at('pw-a'), w.at('f.yml')])).toThrow(/Decryption failed/);
  });

  it('a wrong password fails cleanly on both sides', async () => {
    await writeFile(w.at('theirs'), 'x');
    ansibleVault(['encrypt', '--vault-password-file', w.at('pw-a'), w.at('theirs')]);
    expect(() => decrypt(readFileText(w.at('theirs')), [vaultSecret('bravo pass')])).toThrow(
      expect.objectContaining({ code: 'VAULT_DECRYPT_FAILED' }) as Error,
    );
    await writeFile(w.at('ours'), encrypt('x', alpha));
    expect(() => ansibleVault(['view', '--vault-password-file', w.at('pw-b'), w.at('ours')])).toThrow(/Decryption failed/);
  });

  it('tampered ciphertext fails the HMAC on both sides', async () => {
    const theirs = ansibleVault(['encrypt', '--vault-password-file', w.at('pw-a'), '--output', '-'], 'tamper me').toString();
    const ours = encrypt('tamper me', alpha);
    for (const original of [theirs, ours]) {
      const tampered = flipLastCiphertextDigit(original);
      let caught: unknown;
      try {
        decrypt(tampered, [alpha]);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(PlayError);
      expect((caught as PlayError).code).toBe('VAULT_DECRYPT_FAILED');
      await writeFile(w.at('t'), tampered);
      expect(() => ansibleVault(['view', '--vault-password-file', w.at('pw-a'), w.at('t')])).toThrow(/Decryption failed|HMAC/);
    }
  });
});

function readFileText(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Changes one hex digit of the ciphertext while keeping the envelope well-formed. */
function flipLastCiphertextDigit(vaultText: string): string {
  const env = parseEnvelope(vaultText);
  const inner = Buffer.from(env.body, 'hex').toString('latin1');
  const flipped = inner.slice(0, -1) + (inner.endsWith('a') ? 'b' : 'a');
  const body = Buffer.from(flipped, 'latin1').toString('hex');
  const lines = [vaultText.split('\n')[0] ?? ''];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  return `${lines.join('\n')}\n`;
}
