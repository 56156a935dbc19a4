import { chmod, lstat, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsError, PlayError } from '../../src/errors.js';
import { decrypt, parseEnvelope, vaultSecret } from '../../src/vault/index.js';
import { parseWithVault } from './support.js';
import { FakeVaultIo, playVault, playVaultIn, vaultWorkdir } from './support.js';

const alpha = vaultSecret('alpha pass');
const bravo = vaultSecret('bravo pass', 'bravo');
let w: Awaited<ReturnType<typeof vaultWorkdir>>;
beforeEach(async () => {
  w = await vaultWorkdir();
});
afterEach(async () => w.cleanup());

const text = async (name: string): Promise<string> => readFile(w.at(name), 'utf8');
const modeOf = async (name: string): Promise<number> => (await stat(w.at(name))).mode & 0o777;

/** An $EDITOR that records where it ran and replaces the file's content with $NEW_CONTENT. */
async function fakeEditor(exitCode = 0): Promise<NodeJS.ProcessEnv> {
  await writeFile(
    w.at('editor.sh'),
    '#!/bin/sh\necho "$(stat -c %a "$(dirname "$1")") $(stat -c %a "$1")" > "$LOG"\necho "$1" >> "$LOG"\ncat "$1" >> "$LOG"\n' +
      `[ -n "$NEW_CONTENT" ] && printf '%s' "$NEW_CONTENT" > "$1"\nexit ${exitCode}\n`,
  );
  await chmod(w.at('editor.sh'), 0o755);
  return { EDITOR: `${w.at('editor.sh')}`, LOG: w.at('editor.log'), PATH: process.env['PATH'] };
}

describe('play vault encrypt / decrypt / view', () => {
  it('encrypts a file in place keeping its mode, views and decrypts it', async () => {
    await writeFile(w.at('vars.yml'), 'db_password: hunter2\n');
    await chmod(w.at('vars.yml'), 0o640);
    const io = new FakeVaultIo();
    await playVault(io, 'encrypt', '--vault-password-file', w.at('pw-a'), w.at('vars.yml'));
    expect(await text('vars.yml')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    expect(await modeOf('vars.yml')).toBe(0o640);
    await playVault(io, 'view', '--vault-password-file', w.at('pw-a'), w.at('vars.yml'));
    expect(io.out).toBe('db_password: hunter2\n');
    await playVault(io, 'decrypt', '--vault-password-file', w.at('pw-a'), w.at('vars.yml'));
    expect(await text('vars.yml')).toBe('db_password: hunter2\n');
    expect(await modeOf('vars.yml')).toBe(0o640);
  });

  it('goes from stdin to stdout without file arguments, and writes --output', async () => {
    const io = new FakeVaultIo({}, 'piped secret');
    await playVault(io, 'encrypt', '--vault-password-file', w.at('pw-a'));
    expect(decrypt(io.out, [alpha]).toString()).toBe('piped secret');
    const back = new FakeVaultIo({}, io.out);
    await playVault(back, 'decrypt', '--vault-password-file', w.at('pw-a'), '--output', w.at('out.txt'));
    expect(await text('out.txt')).toBe('piped secret');
    expect(await modeOf('out.txt')).toBe(0o600);
  });

  it('encrypts through a symlink, leaving the link in place', async () => {
    await writeFile(w.at('real.yml'), 'a: 1\n');
    await symlink(w.at('real.yml'), w.at('link.yml'));
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-password-file', w.at('pw-a'), w.at('link.yml'));
    expect((await lstat(w.at('link.yml'))).isSymbolicLink()).toBe(true);
    expect(await readlink(w.at('link.yml'))).toBe(w.at('real.yml'));
    expect(decrypt(await text('real.yml'), [alpha]).toString()).toBe('a: 1\n');
  });

  it('labels with the vault id, and needs --encrypt-vault-id when several are given', async () => {
    await writeFile(w.at('f'), 'x');
    const both = ['--vault-id', `alpha@${w.at('pw-a')}`, '--vault-id', `bravo@${w.at('pw-b')}`];
    await expect(playVault(new FakeVaultIo(), 'encrypt', ...both, w.at('f'))).rejects.toBeInstanceOf(OptionsError);
    await playVault(new FakeVaultIo(), 'encrypt', ...both, '--encrypt-vault-id', 'bravo', w.at('f'));
    expect(parseEnvelope(await text('f')).vaultId).toBe('bravo');
    expect(decrypt(await text('f'), [bravo]).toString()).toBe('x');
  });

  it('fails cleanly on a wrong password and leaves the file alone', async () => {
    await writeFile(w.at('f'), 'x');
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-password-file', w.at('pw-a'), w.at('f'));
    const before = await text('f');
    const err = await playVault(new FakeVaultIo(), 'decrypt', '--vault-password-file', w.at('pw-b'), w.at('f')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlayError);
    expect((err as PlayError).code).toBe('VAULT_DECRYPT_FAILED');
    expect((err as PlayError).source?.file).toBe(w.at('f'));
    expect(await text('f')).toBe(before);
  });

  it('accepts the Ansible spellings --vault-pass-file and --ask-vault-password', async () => {
    await writeFile(w.at('f'), 'spelled');
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-pass-file', w.at('pw-a'), w.at('f'));
    const io = new FakeVaultIo({}, '', ['alpha pass']);
    await playVault(io, 'view', '--ask-vault-password', w.at('f'));
    expect(io.asked).toEqual(['Vault password: ']);
    expect(io.out).toBe('spelled');
  });

  it('refuses to view a file that is not vaulted, naming it', async () => {
    await writeFile(w.at('plain.yml'), 'a: 1\n');
    const err = await playVault(new FakeVaultIo(), 'view', '--vault-password-file', w.at('pw-a'), w.at('plain.yml')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VAULT_FORMAT', source: { file: w.at('plain.yml') } });
  });

  it('asks for a new password twice when none is configured', async () => {
    const io = new FakeVaultIo({}, 'data', ['typed pw', 'typed pw']);
    await playVault(io, 'encrypt');
    expect(io.asked).toEqual(['New Vault password: ', 'Confirm New Vault password: ']);
    expect(decrypt(io.out, [vaultSecret('typed pw')]).toString()).toBe('data');
  });
});

describe('play vault encrypt_string', () => {
  it('prints NAME: !vault | blocks that parse back into decryptable values', async () => {
    const io = new FakeVaultIo();
    await playVault(io, 'encrypt_string', '--vault-password-file', w.at('pw-a'), '--name', 'db_password', 'hunter2');
    expect(io.out).toMatch(/^db_password: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{1,80}\n)+$/);
    expect(parseWithVault(io.out, 'vars.yml', [alpha])).toEqual({ db_password: 'hunter2' });
  });

  it('names several strings in order, reads stdin with --stdin-name, and uses the prompt', async () => {
    const io = new FakeVaultIo();
    await playVault(io, 'encrypt_string', '--vault-password-file', w.at('pw-a'), '-n', 'one', 'first', 'second');
    expect(io.err).toContain('The last named variable will be "one"');
    expect(io.err).toContain('# The encrypted version of the string #2 from the command line args.');
    expect(parseWithVault(io.out.replace(/^!vault/m, 'two: !vault'), 'x.yml', [alpha])).toEqual({ one: 'first', two: 'second' });

    const stdin = new FakeVaultIo({}, 'from stdin\n');
    await playVault(stdin, 'encrypt_string', '--vault-password-file', w.at('pw-a'), '--stdin-name', 'piped');
    expect(parseWithVault(stdin.out, 'x.yml', [alpha])).toEqual({ piped: 'from stdin\n' });

    const prompted = new FakeVaultIo({}, '', ['asked_name', 'asked value']);
    await playVault(prompted, 'encrypt_string', '--vault-password-file', w.at('pw-a'), '--prompt');
    expect(prompted.asked).toEqual(['Variable name (enter for no name): ', 'String to encrypt (hidden): ']);
    expect(parseWithVault(prompted.out, 'x.yml', [alpha])).toEqual({ asked_name: 'asked value' });
  });

  it('refuses empty strings', async () => {
    await expect(playVault(new FakeVaultIo(), 'encrypt_string', '--vault-password-file', w.at('pw-a'), '')).rejects.toBeInstanceOf(OptionsError);
    await expect(playVault(new FakeVaultIo({}, ''), 'encrypt_string', '--vault-password-file', w.at('pw-a'))).rejects.toBeInstanceOf(OptionsError);
  });
});

describe('play vault create / edit / rekey', () => {
  it('create: edits in a private temp file, removed afterwards, and writes a 0600 vault', async () => {
    const env = { ...(await fakeEditor()), NEW_CONTENT: 'new: secret\n' };
    await playVault(new FakeVaultIo(env), 'create', '--vault-password-file', w.at('pw-a'), w.at('sub/new.yml'));
    const [modes = '', tempFile = ''] = (await text('editor.log')).split('\n');
    expect(modes).toBe('700 600');
    expect(tempFile.endsWith('.yml')).toBe(true);
    expect(existsSync(tempFile)).toBe(false);
    expect(await modeOf('sub/new.yml')).toBe(0o600);
    expect(decrypt(await text('sub/new.yml'), [alpha]).toString()).toBe('new: secret\n');
    await expect(playVault(new FakeVaultIo(env), 'create', '--vault-password-file', w.at('pw-a'), w.at('sub/new.yml'))).rejects.toMatchObject({ code: 'VAULT_FILE_EXISTS' });
  });

  it('edit: re-encrypts with the opening password and the same vault id; no change, no write', async () => {
    await writeFile(w.at('v.yml'), 'old\n');
    await chmod(w.at('v.yml'), 0o640);
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-id', `bravo@${w.at('pw-b')}`, w.at('v.yml'));
    const encrypted = await text('v.yml');
    const ids = ['--vault-id', `alpha@${w.at('pw-a')}`, '--vault-id', `bravo@${w.at('pw-b')}`];

    await playVault(new FakeVaultIo(await fakeEditor()), 'edit', ...ids, w.at('v.yml'));
    expect(await text('v.yml')).toBe(encrypted);
    expect((await text('editor.log')).split('\n').slice(2).join('\n')).toBe('old\n');

    await playVault(new FakeVaultIo({ ...(await fakeEditor(1)), NEW_CONTENT: 'discarded' }), 'edit', ...ids, w.at('v.yml'));
    expect(await text('v.yml')).toBe(encrypted);

    await playVault(new FakeVaultIo({ ...(await fakeEditor()), NEW_CONTENT: 'changed\n' }), 'edit', ...ids, w.at('v.yml'));
    const after = await text('v.yml');
    expect(parseEnvelope(after).vaultId).toBe('bravo');
    expect(decrypt(after, [bravo]).toString()).toBe('changed\n');
    expect(await modeOf('v.yml')).toBe(0o640);
  });

  it('rekey: moves a file to a new password and vault id', async () => {
    await writeFile(w.at('r.yml'), 'payload');
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-password-file', w.at('pw-a'), w.at('r.yml'));
    const io = new FakeVaultIo();
    await playVault(io, 'rekey', '--vault-password-file', w.at('pw-a'), '--new-vault-id', `bravo@${w.at('pw-b')}`, w.at('r.yml'));
    expect(io.err).toContain('Rekey successful');
    expect(parseEnvelope(await text('r.yml')).vaultId).toBe('bravo');
    expect(() => decrypt(readFileSyncText(w.at('r.yml')), [alpha])).toThrow(PlayError);
    expect(decrypt(await text('r.yml'), [bravo]).toString()).toBe('payload');
  });
});

function readFileSyncText(file: string): string {
  return readFileSync(file, 'utf8');
}

describe("the project's vault_password_file (play.config.yml)", () => {
  const project = (file: string) => ({ configPasswordFile: async () => file });

  it('serves view, encrypt and decrypt when the command names no password', async () => {
    await writeFile(w.at('plain.yml'), 'secret: 1\n');
    await playVaultIn(project(w.at('pw-a')), new FakeVaultIo(), 'encrypt', w.at('plain.yml'));
    expect(decrypt(await text('plain.yml'), [alpha]).toString()).toBe('secret: 1\n');
    const io = new FakeVaultIo();
    await playVaultIn(project(w.at('pw-a')), io, 'view', w.at('plain.yml'));
    expect(io.out).toBe('secret: 1\n');
    expect(io.asked).toEqual([]);
  });

  it('gives way to a password named on the command line or in the environment', async () => {
    await writeFile(w.at('plain.yml'), 'secret: 2\n');
    await playVault(new FakeVaultIo(), 'encrypt', '--vault-password-file', w.at('pw-b'), w.at('plain.yml'));
    const named = new FakeVaultIo();
    await playVaultIn(project(w.at('pw-a')), named, 'view', '--vault-password-file', w.at('pw-b'), w.at('plain.yml'));
    expect(named.out).toBe('secret: 2\n');
    const fromEnv = new FakeVaultIo({ PLAY_VAULT_PASSWORD_FILE: w.at('pw-b') });
    await playVaultIn(project(w.at('pw-a')), fromEnv, 'view', w.at('plain.yml'));
    expect(fromEnv.out).toBe('secret: 2\n');
    // the project's (wrong) password alone cannot open it
    await expect(playVaultIn(project(w.at('pw-a')), new FakeVaultIo(), 'view', w.at('plain.yml'))).rejects.toThrow(PlayError);
  });
});
