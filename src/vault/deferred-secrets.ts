import { PlayError } from '../errors.js';
import { checkPasswordFile, readCheckedPasswordFile, type CheckedPasswordFile } from './password-source.js';
import {
  keepWorking,
  passwordSources,
  promptSecret,
  VaultSecrets,
  type VaultCliOptions,
  type VaultSecret,
  type VaultSecretsContext,
} from './secrets.js';

type Pending = { kind: 'ready'; secret: VaultSecret } | { kind: 'file'; id: string; checked: CheckedPasswordFile };

/**
 * The vault passwords of a run, read when the first vaulted value is decrypted — not before.
 * A password file may be a script (a project's play.config.yml can name one), so a run that meets
 * no vaulted data neither reads nor runs any. Prompts (--ask-vault-pass) are asked at once, as the
 * user asked for them; files are only checked to exist, so a wrong path is still an error before
 * any host is touched.
 */
export class DeferredVaultSecrets {
  private resolved: VaultSecrets | undefined;
  /** Why reading them failed: remembered, so a failing script is not run again for every value. */
  private failure: PlayError | undefined;

  private constructor(
    private readonly pending: readonly Pending[],
    private readonly ctx: VaultSecretsContext,
  ) {}

  static async fromOptions(opts: VaultCliOptions, ctx: VaultSecretsContext = {}): Promise<DeferredVaultSecrets> {
    const pending: Pending[] = [];
    const missing: PlayError[] = [];
    for (const source of passwordSources(opts, ctx)) {
      if (source.kind === 'prompt') {
        pending.push({ kind: 'ready', secret: await promptSecret(source.id, source.legacyWording, ctx) });
        continue;
      }
      try {
        pending.push({ kind: 'file', id: source.id, checked: checkPasswordFile(source.file) });
      } catch (err) {
        if (!(err instanceof PlayError)) throw err;
        missing.push(err);
      }
    }
    // none of the named files exists: an error now; some do: a warning for the others
    if (pending.length === 0 && missing.length > 0) keepWorking([], missing, ctx);
    for (const err of missing) ctx.onWarning?.(err.message);
    return new DeferredVaultSecrets(pending, ctx);
  }

  /** No source at all: vaulted data is an error naming where it is. */
  get isEmpty(): boolean {
    return this.pending.length === 0;
  }

  /** The passwords, reading (or running) the files the first time only. */
  secrets(): VaultSecrets {
    if (this.resolved) return this.resolved;
    if (this.failure) throw this.failure;
    const secrets: VaultSecret[] = [];
    const failed: PlayError[] = [];
    for (const p of this.pending) {
      if (p.kind === 'ready') {
        secrets.push(p.secret);
        continue;
      }
      try {
        secrets.push({ id: p.id, password: readCheckedPasswordFile(p.checked, p.id), origin: p.checked.file });
      } catch (err) {
        if (!(err instanceof PlayError)) throw err;
        failed.push(err);
      }
    }
    try {
      this.resolved = new VaultSecrets(keepWorking(secrets, failed, this.ctx));
    } catch (err) {
      if (err instanceof PlayError) this.failure = err;
      throw err;
    }
    return this.resolved;
  }
}
