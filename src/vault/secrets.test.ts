import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionsError, PlayError } from '../errors.js';
import { isClientScript } from './password-source.js';
import { splitVaultId, vaultSecret, VaultSecrets } from './secrets.js';

let dir: string;
const at = (name: string): string => path.join(dir, name);
const passwords = (s: VaultSecrets): string[] => s.list.map((x) => `${x.id}=${x.password.toString()}`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'play-vault-secrets-'));
  await writeFile(at('plain'), '  hunter2 \n\n');
  await writeFile(at('empty'), '\n \n');
  await writeFile(at('script.sh'), '#!/bin/sh\necho "  from script  "\n');
  await writeFile(at('vault-client.sh'), '#!/bin/sh\n[ "$1" = --vault-id ] || exit 3\n[ "$2" = prod ] || exit 2\necho "client:$2"\n');
  await writeFile(at('failing'), '#!/bin/sh\necho oops >&2\nexit 1\n');
  for (const f of ['script.sh', 'vault-client.sh', 'failing']) await chmod(at(f), 0o755);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('VaultSecrets.fromOptions', () => {
  it('reads password files stripped of surrounding whitespace', async () => {
    const s = await VaultSecrets.fromOptions({ vaultPasswordFile: [at('plain')] }, { env: {} });
    expect(passwords(s)).toEqual(['default=hunter2']);
    expect(s.list[0]?.origin).toBe(at('plain'));
  });

  it('runs executable password files; stdout loses only line breaks', async () => {
    const s = await VaultSecrets.fromOptions({ vaultId: [`dev@${at('script.sh')}`] }, { env: {} });
    expect(passwords(s)).toEqual(['dev=  from script  ']);
  });

  it('tells client scripts which vault id is wanted', async () => {
    const s = await VaultSecrets.fromOptions({ vaultId: [`prod@${at('vault-client.sh')}`] }, { env: {} });
    expect(passwords(s)).toEqual(['prod=client:prod']);
    await expect(VaultSecrets.fromOptions({ vaultId: [`qa@${at('vault-client.sh')}`] }, { env: {} })).rejects.toThrow(/no secret for vault id "qa"/);
    expect(isClientScript('/x/my-client.py')).toBe(true);
    expect(isClientScript('/x/my-client')).toBe(true);
    expect(isClientScript('/x/client.sh')).toBe(false);
  });

  it('orders vault ids, then password files, then the environment file', async () => {
    const s = await VaultSecrets.fromOptions(
      { vaultId: [`dev@${at('script.sh')}`], vaultPasswordFile: [at('plain')] },
      { env: { PLAY_VAULT_PASSWORD_FILE: at('plain') } },
    );
    expect(s.ids).toEqual(['dev', 'default', 'default']);
    const ansibleEnv = await VaultSecrets.fromOptions({}, { env: { ANSIBLE_VAULT_PASSWORD_FILE: at('plain') } });
    expect(passwords(ansibleEnv)).toEqual(['default=hunter2']);
  });

  it('prompts for --ask-vault-pass and label@prompt, confirming new passwords', async () => {
    const asked: string[] = [];
    const prompt = async (m: string): Promise<string> => {
      asked.push(m);
      return 'typed';
    };
    const s = await VaultSecrets.fromOptions({ askVaultPass: true, vaultId: ['ops@prompt'] }, { env: {}, prompt });
    expect(passwords(s)).toEqual(['ops=typed', 'default=typed']);
    expect(asked).toEqual(['Vault password (ops): ', 'Vault password: ']);
    asked.length = 0;
    await VaultSecrets.fromOptions({ askVaultPass: true }, { env: {}, prompt, createNew: true });
    expect(asked).toEqual(['New Vault password: ', 'Confirm New Vault password: ']);
  });

  it('rejects mismatched confirmation and empty passwords', async () => {
    let n = 0;
    const differing = async (): Promise<string> => `pw${n++}`;
    await expect(VaultSecrets.fromOptions({ askVaultPass: true }, { env: {}, prompt: differing, createNew: true })).rejects.toMatchObject({ code: 'VAULT_PASSWORD_MISMATCH' });
    await expect(VaultSecrets.fromOptions({ askVaultPass: true }, { env: {}, prompt: async () => '' })).rejects.toMatchObject({ code: 'VAULT_PASSWORD_EMPTY' });
    await expect(VaultSecrets.fromOptions({ vaultPasswordFile: [at('empty')] }, { env: {} })).rejects.toMatchObject({ code: 'VAULT_PASSWORD_EMPTY' });
  });

  it('prompts on its own only when asked to (the vault command), never during runs', async () => {
    let asked = 0;
    const prompt = async (): Promise<string> => String(++asked).repeat(4);
    expect((await VaultSecrets.fromOptions({}, { env: {}, prompt })).isEmpty).toBe(true);
    expect((await VaultSecrets.fromOptions({}, { env: {}, prompt, autoPrompt: true })).ids).toEqual(['default']);
    expect(asked).toBe(1);
  });

  it('warns about a broken source when another one works, fails when none does', async () => {
    const warnings: string[] = [];
    const s = await VaultSecrets.fromOptions({ vaultPasswordFile: [at('missing'), at('plain')] }, { env: {}, onWarning: (m) => warnings.push(m) });
    expect(s.ids).toEqual(['default']);
    expect(warnings).toEqual([expect.stringContaining('no such file')]);
    await expect(VaultSecrets.fromOptions({ vaultPasswordFile: [at('failing')] }, { env: {} })).rejects.toThrow(/failed \(exit 1\): oops/);
    await expect(VaultSecrets.fromOptions({ vaultPasswordFile: [at('missing')] }, { env: {} })).rejects.toBeInstanceOf(PlayError);
  });
});

describe('vault ids', () => {
  it('splits label@source; a bare source is the default id', () => {
    expect(splitVaultId('prod@/etc/pw')).toEqual({ id: 'prod', source: '/etc/pw' });
    expect(splitVaultId('/etc/pw')).toEqual({ id: 'default', source: '/etc/pw' });
    expect(splitVaultId('a@b@c')).toEqual({ id: 'a', source: 'b@c' });
    expect(() => splitVaultId('a;b@prompt')).toThrow(OptionsError);
    expect(() => splitVaultId('a@')).toThrow(OptionsError);
  });

  it('chooses the encryption secret like ansible-vault', () => {
    const two = new VaultSecrets([vaultSecret('a', 'dev'), vaultSecret('b', 'prod')]);
    expect(two.forEncryption('prod').password.toString()).toBe('b');
    expect(() => two.forEncryption()).toThrow(/dev,prod are available/);
    expect(() => two.forEncryption('qa')).toThrow(OptionsError);
    expect(new VaultSecrets([vaultSecret('a', 'dev')]).forEncryption().id).toBe('dev');
    expect(() => new VaultSecrets().forEncryption()).toThrow(/needed to encrypt/);
  });
});
