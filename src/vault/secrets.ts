import { OptionsError, PlayError } from '../errors.js';
import { DEFAULT_VAULT_ID } from './envelope.js';
import { readPasswordFile } from './password-source.js';

/** One vault password and the vault id (label) it belongs to. */
export interface VaultSecret {
  readonly id: string;
  readonly password: Buffer;
  /** Where it came from (a file name or "prompt"), for messages; never the password. */
  readonly origin: string;
}

export function vaultSecret(password: string | Buffer, id: string = DEFAULT_VAULT_ID, origin = 'literal'): VaultSecret {
  return { id, password: Buffer.isBuffer(password) ? password : Buffer.from(password, 'utf8'), origin };
}

/** The vault options of `play run` / `play vault`, as commander hands them over. */
export interface VaultCliOptions {
  vaultId?: string[] | undefined;
  vaultPasswordFile?: string[] | undefined;
  askVaultPass?: boolean | undefined;
}

export type PasswordPrompt = (message: string) => Promise<string>;

export interface VaultSecretsContext {
  env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to asking on the terminal without echo. */
  prompt?: PasswordPrompt;
  /** Encrypting with a new password: prompts ask twice. */
  createNew?: boolean;
  /** Prompt when no password is configured at all (ansible-vault does; playbook runs don't). */
  autoPrompt?: boolean;
  /** A password source that failed while another one worked (Ansible warns and goes on). */
  onWarning?: (message: string) => void;
}

export const NO_SECRET_HINT =
  'pass --vault-password-file FILE, --vault-id LABEL@FILE or --ask-vault-pass (or set PLAY_VAULT_PASSWORD_FILE)';

/** The vault passwords of a run, in the order they are tried. */
export class VaultSecrets {
  constructor(readonly list: readonly VaultSecret[] = []) {}

  static async fromOptions(opts: VaultCliOptions, ctx: VaultSecretsContext = {}): Promise<VaultSecrets> {
    const secrets: VaultSecret[] = [];
    const failed: PlayError[] = [];
    for (const source of passwordSources(opts, ctx)) {
      if (source.kind === 'prompt') {
        secrets.push(await promptSecret(source.id, source.legacyWording, ctx));
        continue;
      }
      try {
        secrets.push({ id: source.id, password: await readPasswordFile(source.file, source.id), origin: source.file });
      } catch (err) {
        if (!(err instanceof PlayError)) throw err;
        failed.push(err);
      }
    }
    return new VaultSecrets(keepWorking(secrets, failed, ctx));
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  get ids(): string[] {
    return this.list.map((s) => s.id);
  }

  /** The secret to encrypt with: the one named by --encrypt-vault-id, or the only one there is. */
  forEncryption(encryptVaultId?: string): VaultSecret {
    if (this.list.length === 0) {
      throw new PlayError('VAULT_NO_SECRET', 'a vault password is needed to encrypt', { hint: NO_SECRET_HINT });
    }
    if (encryptVaultId) {
      const found = this.list.find((s) => s.id === encryptVaultId);
      if (found) return found;
      throw new OptionsError(`no vault password has the vault id "${encryptVaultId}" given to --encrypt-vault-id`, {
        hint: `known vault ids: ${this.ids.join(', ')}; add one with --vault-id ${encryptVaultId}@FILE`,
      });
    }
    const [first, ...others] = this.list;
    if (first && others.length === 0) return first;
    throw new OptionsError(`the vault ids ${this.ids.join(',')} are available to encrypt with`, {
      hint: 'choose one with --encrypt-vault-id LABEL',
    });
  }
}

/** Where one vault password comes from, in the order the sources are tried. */
export type PasswordSource =
  | { readonly kind: 'file'; readonly id: string; readonly file: string }
  | { readonly kind: 'prompt'; readonly id: string; readonly legacyWording: boolean };

/** The password sources the options and the environment name: vault ids, then files, then the environment's file. */
export function passwordSources(opts: VaultCliOptions, ctx: VaultSecretsContext = {}): PasswordSource[] {
  const env = ctx.env ?? process.env;
  const slugs = [...splitList(env['PLAY_VAULT_IDENTITY_LIST'] ?? env['ANSIBLE_VAULT_IDENTITY_LIST']), ...(opts.vaultId ?? [])];
  const files = [...(opts.vaultPasswordFile ?? [])];
  const envFile = env['PLAY_VAULT_PASSWORD_FILE'] || env['ANSIBLE_VAULT_PASSWORD_FILE'];
  if (envFile) files.push(envFile);
  for (const file of files) slugs.push(`${DEFAULT_VAULT_ID}@${file}`);
  if (opts.askVaultPass || (slugs.length === 0 && ctx.autoPrompt)) slugs.push(`${DEFAULT_VAULT_ID}@prompt_ask_vault_pass`);
  return slugs.map((slug) => {
    const { id, source } = splitVaultId(slug);
    if (source === 'prompt' || source === 'prompt_ask_vault_pass') return { kind: 'prompt', id, legacyWording: source === 'prompt_ask_vault_pass' };
    return { kind: 'file', id, file: source };
  });
}

/**
 * A source that failed while another one worked is a warning (as in Ansible); when none worked,
 * the last failure is the error.
 */
export function keepWorking(secrets: VaultSecret[], failed: readonly PlayError[], ctx: VaultSecretsContext): VaultSecret[] {
  const lastError = failed.at(-1);
  if (secrets.length === 0 && lastError !== undefined) throw lastError;
  for (const err of failed) ctx.onWarning?.(err.message);
  return secrets;
}

/** `label@source` → {label, source}; a bare `source` belongs to the default vault id. */
export function splitVaultId(slug: string): { id: string; source: string } {
  const at = slug.indexOf('@');
  const id = at < 0 ? DEFAULT_VAULT_ID : slug.slice(0, at) || DEFAULT_VAULT_ID;
  const source = at < 0 ? slug : slug.slice(at + 1);
  if (id.includes(';')) {
    throw new OptionsError(`"${slug}" is not a valid vault id: ";" is not allowed in vault ids`, {
      hint: 'vault ids are written LABEL@SOURCE, where SOURCE is a password file, a script or "prompt"',
    });
  }
  if (!source) throw new OptionsError(`--vault-id "${slug}" names no password source`, { hint: 'write LABEL@FILE or LABEL@prompt' });
  return { id, source };
}

export async function promptSecret(id: string, legacyWording: boolean, ctx: VaultSecretsContext): Promise<VaultSecret> {
  const ask = ctx.prompt ?? (async (message: string) => (await import('./prompt.js')).promptLine(message));
  const [first, confirm] = ctx.createNew
    ? legacyWording
      ? ['New Vault password: ', 'Confirm New Vault password: ']
      : [`New vault password (${id}): `, `Confirm new vault password (${id}): `]
    : [legacyWording ? 'Vault password: ' : `Vault password (${id}): `, undefined];
  const password = (await ask(first)).trim();
  if (confirm !== undefined && (await ask(confirm)).trim() !== password) {
    throw new PlayError('VAULT_PASSWORD_MISMATCH', 'the vault passwords do not match', { hint: 'type the same password twice' });
  }
  if (!password) throw new PlayError('VAULT_PASSWORD_EMPTY', 'an empty vault password was given', { hint: 'type a non-empty password' });
  return { id, password: Buffer.from(password, 'utf8'), origin: 'prompt' };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
