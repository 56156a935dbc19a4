import { Option, type Command } from 'commander';
import { vaultCreate, vaultDecrypt, vaultEdit, vaultEncrypt, vaultRekey, vaultView, type VaultCommandOptions } from './actions.js';
import { vaultEncryptString, type EncryptStringOptions } from './encrypt-string.js';
import { processVaultIo, type VaultIo } from './io.js';

/**
 * `play vault create|encrypt|decrypt|view|edit|encrypt_string|rekey`, with ansible-vault's
 * options. Errors are PlayErrors for the CLI's error boundary.
 */
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The vault password options, shared with `play run` (which should add them the same way). */
export function addVaultPasswordOptions(cmd: Command): Command {
  return cmd
    .option('--vault-id <label@source>', 'vault id and its password source: a file, a script or "prompt" (repeatable)', collect)
    .option('--vault-password-file <file>', 'vault password file, or a script printing it (repeatable)', collect)
    .addOption(new Option('--vault-pass-file <file>').hideHelp().argParser(collect))
    .option('-J, --ask-vault-pass', 'ask for the vault password')
    .addOption(new Option('--ask-vault-password').hideHelp());
}

type RawOptions = VaultCommandOptions & EncryptStringOptions & { vaultPassFile?: string[]; askVaultPassword?: boolean };

/** Folds the Ansible spelling variants into the canonical option names. */
function normalise(o: RawOptions): EncryptStringOptions {
  const { vaultPassFile, askVaultPassword, ...rest } = o;
  return {
    ...rest,
    vaultPasswordFile: [...(o.vaultPasswordFile ?? []), ...(vaultPassFile ?? [])],
    askVaultPass: o.askVaultPass === true || askVaultPassword === true,
  };
}

export interface VaultCommandContext {
  /** The project's vault_password_file (play.config.yml), used when a command names no password. */
  configPasswordFile?: () => Promise<string | undefined>;
}

/** No --vault-id, password file, prompt or environment variable: the project's file applies. */
function namesNoPassword(o: EncryptStringOptions, env: NodeJS.ProcessEnv): boolean {
  const fromEnv = env['PLAY_VAULT_PASSWORD_FILE'] || env['ANSIBLE_VAULT_PASSWORD_FILE'] || env['PLAY_VAULT_IDENTITY_LIST'] || env['ANSIBLE_VAULT_IDENTITY_LIST'];
  return !fromEnv && !o.askVaultPass && (o.vaultId ?? []).length === 0 && (o.vaultPasswordFile ?? []).length === 0;
}

export function registerVaultCommand(program: Command, io: VaultIo = processVaultIo, ctx: VaultCommandContext = {}): Command {
  const vault = program.command('vault').description('encrypt and decrypt Ansible Vault files and values (like ansible-vault)');
  const sub = (name: string, description: string, args: string, encrypting: boolean): Command => {
    const cmd = addVaultPasswordOptions(vault.command(name).description(description).argument(args, 'files'));
    if (encrypting) cmd.option('--encrypt-vault-id <label>', 'the vault id to encrypt with (when several are given)');
    return cmd;
  };
  const run = (action: (files: string[], o: EncryptStringOptions, io: VaultIo) => Promise<void>) =>
    async (files: string[], o: RawOptions): Promise<void> => {
      const opts = normalise(o);
      // as ansible.cfg's vault_password_file serves ansible-vault too
      const configured = namesNoPassword(opts, io.env) ? await ctx.configPasswordFile?.() : undefined;
      await action(files, configured ? { ...opts, vaultPasswordFile: [configured] } : opts, io);
    };

  sub('create', 'create a new encrypted file in $EDITOR', '<file...>', true).action(run(vaultCreate));
  sub('encrypt', 'encrypt files in place (stdin to stdout if no file is given)', '[files...]', true)
    .option('--output <file>', 'write to this file instead ("-" for stdout)')
    .action(run(vaultEncrypt));
  sub('decrypt', 'decrypt files in place (stdin to stdout if no file is given)', '[files...]', false)
    .option('--output <file>', 'write to this file instead ("-" for stdout)')
    .action(run(vaultDecrypt));
  sub('view', 'print the decrypted content of files', '<files...>', false).action(run(vaultView));
  sub('edit', 'edit encrypted files in $EDITOR', '<files...>', false).action(run(vaultEdit));
  sub('encrypt_string', 'encrypt a string into a `!vault |` YAML value', '[strings...]', true)
    .option('--output <file>', 'write to this file instead of stdout')
    .option('-n, --name <name>', 'variable name for the next string (repeatable)', collect)
    .option('--stdin-name <name>', 'variable name for the string read from stdin')
    .option('-p, --prompt', 'ask for the string to encrypt')
    .option('--show-input', 'echo the string typed at --prompt')
    .action(run(vaultEncryptString));
  sub('rekey', 'encrypt files again with a new password', '<files...>', true)
    .option('--new-vault-password-file <file>', 'the new vault password file')
    .option('--new-vault-id <label@source>', 'the new vault id and its password source')
    .action(run(vaultRekey));
  return vault;
}
