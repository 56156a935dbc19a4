import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OptionsError, PlayError } from '../errors.js';
import { decrypt, decryptDetailed, encrypt } from './crypt.js';
import { DEFAULT_VAULT_ID } from './envelope.js';
import { editInEditor, readFileOrFail, writeFileAtomic } from './files.js';
import { passwordPrompt, type VaultIo } from './io.js';
import { NO_SECRET_HINT, VaultSecrets, type VaultCliOptions, type VaultSecret } from './secrets.js';

/** The `play vault` subcommands, behaving like their ansible-vault namesakes. */
export interface VaultCommandOptions extends VaultCliOptions {
  encryptVaultId?: string | undefined;
  output?: string | undefined;
  newVaultPasswordFile?: string | undefined;
  newVaultId?: string | undefined;
}

export async function vaultEncrypt(files: string[], o: VaultCommandOptions, io: VaultIo): Promise<void> {
  const inputs = inputsOf(files, o);
  const secret = await encryptionSecret(o, io);
  for (const file of inputs) {
    const data = file === '-' ? await io.readStdin() : await readFileOrFail(file);
    await writeTo(o.output ?? file, encrypt(data, secret), io);
  }
  if (io.stdoutIsTTY) io.stderr('Encryption successful\n');
}

export async function vaultDecrypt(files: string[], o: VaultCommandOptions, io: VaultIo): Promise<void> {
  const inputs = inputsOf(files, o);
  const secrets = await decryptionSecrets(o, io);
  for (const file of inputs) {
    const data = file === '-' ? await io.readStdin() : await readFileOrFail(file);
    await writeTo(o.output ?? file, decrypt(data, secrets, { file: file === '-' ? '<stdin>' : file }), io);
  }
  if (io.stdoutIsTTY) io.stderr('Decryption successful\n');
}

export async function vaultView(files: string[], o: VaultCommandOptions, io: VaultIo): Promise<void> {
  const secrets = await decryptionSecrets(o, io);
  for (const file of files) io.stdout(decrypt(await readFileOrFail(file), secrets, { file }));
}

export async function vaultCreate(files: string[], o: VaultCommandOptions, io: VaultIo): Promise<void> {
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) throw new OptionsError('`play vault create` takes exactly one file name');
  if (await exists(file)) {
    throw new PlayError('VAULT_FILE_EXISTS', `${file} exists`, { hint: `use \`play vault edit ${file}\` to change it` });
  }
  const secret = await encryptionSecret(o, io);
  const dir = path.dirname(file);
  if (!(await exists(dir))) {
    io.stderr(`[WARNING]: ${dir} does not exist, creating it\n`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  const edited = await editInEditor(Buffer.alloc(0), path.extname(file), io.env);
  if (edited === undefined) return void io.stderr('The editor exited with an error: nothing was saved\n');
  await writeFileAtomic(file, encrypt(edited, secret));
}

export async function vaultEdit(files: string[], o: VaultCommandOptions, io: VaultIo): Promise<void> {
  const secrets = await decryptionSecrets(o, io);
  for (const file of files) {
    const opened = decryptDetailed(await readFileOrFail(file), secrets, { file });
    const edited = await editInEditor(opened.plaintext, path.extname(file), io.env);
    if (edited === undefined) {
      io.stderr(`The editor exited with an error: ${file} was not changed\n`);
      continue;
    }
    if (edited.equals(opened.plaintext)) continue;
    // Re-encrypt with the password that opened it, under the same vault id as before.
    await writeFileAtomic(file, encrypt(edited, opened.secret, opened.vaultId ?? DEFAULT_VAULT_ID));
  }
}

export async function vaultRekey(files: string[], o: VaultCommandOptions, io: VaultIo): Promise<void> {
  const secrets = await decryptionSecrets(o, io);
  const fresh = await VaultSecrets.fromOptions(
    {
      vaultId: o.newVaultId ? [o.newVaultId] : [],
      vaultPasswordFile: o.newVaultPasswordFile ? [o.newVaultPasswordFile] : [],
    },
    // The configured (old) password file must not become the new password too.
    { env: {}, prompt: passwordPrompt(io), createNew: true, autoPrompt: true, onWarning: warn(io) },
  );
  const secret = fresh.forEncryption(o.encryptVaultId);
  for (const file of files) {
    const plaintext = decrypt(await readFileOrFail(file), secrets, { file });
    await writeFileAtomic(file, encrypt(plaintext, secret));
  }
  io.stderr('Rekey successful\n');
}

/** The one secret to encrypt with, asking for a new password (twice) when none is configured. */
export async function encryptionSecret(o: VaultCommandOptions, io: VaultIo): Promise<VaultSecret> {
  const secrets = await VaultSecrets.fromOptions(o, {
    env: io.env,
    prompt: passwordPrompt(io),
    createNew: true,
    autoPrompt: true,
    onWarning: warn(io),
  });
  return secrets.forEncryption(o.encryptVaultId ?? (io.env['PLAY_VAULT_ENCRYPT_IDENTITY'] || io.env['ANSIBLE_VAULT_ENCRYPT_IDENTITY'] || undefined));
}

async function decryptionSecrets(o: VaultCommandOptions, io: VaultIo): Promise<VaultSecrets> {
  const secrets = await VaultSecrets.fromOptions(o, { env: io.env, prompt: passwordPrompt(io), autoPrompt: true, onWarning: warn(io) });
  if (secrets.isEmpty) throw new PlayError('VAULT_NO_SECRET', 'a vault password is needed', { hint: NO_SECRET_HINT });
  return secrets;
}

function inputsOf(files: string[], o: VaultCommandOptions): string[] {
  if (o.output !== undefined && files.length > 1) throw new OptionsError('--output can be used with at most one input file');
  return files.length > 0 ? files : ['-'];
}

async function writeTo(file: string, data: Buffer | string, io: VaultIo): Promise<void> {
  if (file === '-') io.stdout(data);
  else await writeFileAtomic(file, data);
}

function warn(io: VaultIo): (message: string) => void {
  return (message) => io.stderr(`[WARNING]: ${message}\n`);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
