import { parseYaml } from '../../src/playbook/yaml.js';
import type { Masker } from '../../src/secrets/mask.js';
import { withVaultDecoder } from '../../src/secrets/vault-hook.js';
import type { SecretList } from '../../src/vault/crypt.js';
import { vaultDecoder } from '../../src/vault/decoder.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerVaultCommand, type VaultCommandContext } from '../../src/vault/cli.js';
import type { VaultIo } from '../../src/vault/io.js';

/** A terminal-less VaultIo: stdin is a buffer, answers to prompts are queued, output is kept. */
export class FakeVaultIo implements VaultIo {
  readonly chunks: Buffer[] = [];
  err = '';
  readonly asked: string[] = [];
  stdoutIsTTY = false;

  constructor(
    public env: NodeJS.ProcessEnv = {},
    public stdinData: Buffer | string = '',
    readonly answers: string[] = [],
  ) {}

  async readStdin(): Promise<Buffer> {
    return Buffer.isBuffer(this.stdinData) ? this.stdinData : Buffer.from(this.stdinData);
  }

  stdout(data: string | Buffer): void {
    this.chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data));
  }

  stderr(text: string): void {
    this.err += text;
  }

  async ask(message: string): Promise<string> {
    this.asked.push(message);
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`unexpected prompt: ${message}`);
    return answer;
  }

  get out(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Runs `play vault ARGS...` in-process with the given io. */
export async function playVault(io: VaultIo, ...args: string[]): Promise<void> {
  return playVaultIn({}, io, ...args);
}

/** Runs `play vault ARGS...` in a project whose config names a vault password file. */
export async function playVaultIn(ctx: VaultCommandContext, io: VaultIo, ...args: string[]): Promise<void> {
  const program = new Command('play').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerVaultCommand(program, io, ctx);
  await program.parseAsync(['vault', ...args], { from: 'user' });
}

/** A temp directory with password files `pw-a` ("alpha pass") and `pw-b` ("bravo pass"). */
export async function vaultWorkdir(): Promise<{ dir: string; at: (name: string) => string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-vault-test-'));
  const at = (name: string): string => path.join(dir, name);
  await writeFile(at('pw-a'), 'alpha pass\n');
  await writeFile(at('pw-b'), 'bravo pass\n');
  return { dir, at, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses YAML the way a run does with these vault secrets installed. */
export function parseWithVault(text: string, file: string, secrets: SecretList, masker?: Masker): unknown {
  return withVaultDecoder(vaultDecoder(secrets, masker), () => parseYaml(text, file));
}
