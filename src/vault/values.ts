import { readFile } from 'node:fs/promises';
import { ParseError } from '../errors.js';
import { parseYaml, VaultTagged } from '../playbook/yaml.js';
import type { Masker } from '../secrets/mask.js';
import { decryptAsync, decryptDetailed, type SecretList } from './crypt.js';
import { isVaulted } from './envelope.js';

/**
 * `!vault` values in parsed YAML, and YAML files that are vault-encrypted as a whole.
 * Every decrypted inline value is given to the Masker: it was secret in the user's files, so
 * it must never appear in output.
 */

/** Decrypts one `!vault` value (for callers that decrypt lazily, on first use). */
export function decryptTagged(value: VaultTagged, secrets: SecretList, masker?: Masker): string {
  const text = decryptDetailed(value.ciphertext, secrets, value.pos).plaintext.toString('utf8');
  registerSecret(text, masker);
  return text;
}

/**
 * Replaces every VaultTagged in `data` by its decrypted string. Containers are changed in place
 * so the source positions recorded by the YAML loader stay attached to them; the return value
 * is `data` itself, or the string when `data` is a VaultTagged. Values are decrypted in parallel.
 */
export async function decryptVaultValues(data: unknown, secrets: SecretList, masker?: Masker): Promise<unknown> {
  if (data instanceof VaultTagged) return decryptOne(data, secrets, masker);
  const pending: Promise<void>[] = [];
  const seen = new Set<object>();
  const visit = (container: unknown): void => {
    if (!container || typeof container !== 'object' || seen.has(container)) return;
    seen.add(container);
    if (Array.isArray(container)) {
      container.forEach((item: unknown, i) => {
        if (item instanceof VaultTagged) pending.push(decryptOne(item, secrets, masker).then((s) => void (container[i] = s)));
        else visit(item);
      });
      return;
    }
    if (!isPlainObject(container)) return;
    for (const [key, item] of Object.entries(container)) {
      if (item instanceof VaultTagged) pending.push(decryptOne(item, secrets, masker).then((s) => void (container[key] = s)));
      else visit(item);
    }
  };
  visit(data);
  // allSettled, then the first error in document order: the message points at the first bad value.
  const results = await Promise.allSettled(pending);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return data;
}

/**
 * Loads a YAML file that may be vault-encrypted as a whole (group_vars/all/vault.yml, vars_files).
 * Inline `!vault` values are left as VaultTagged for decryptVaultValues.
 */
export async function loadMaybeVaultedYaml(file: string, secrets: SecretList): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    throw new ParseError('FILE_MISSING', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      source: { file },
      hint: 'check the path; relative paths are resolved from the playbook or role directory',
    });
  }
  if (!isVaulted(raw)) return parseYaml(raw.toString('utf8'), file);
  const { plaintext } = await decryptAsync(raw, secrets, { file, line: 1, col: 1 });
  return parseYaml(plaintext.toString('utf8'), file);
}

async function decryptOne(value: VaultTagged, secrets: SecretList, masker: Masker | undefined): Promise<string> {
  const text = (await decryptAsync(value.ciphertext, secrets, value.pos)).plaintext.toString('utf8');
  registerSecret(text, masker);
  return text;
}

function registerSecret(text: string, masker: Masker | undefined): void {
  if (!masker) return;
  masker.add(text);
  // Values are often printed after templating strips the trailing newline of a block scalar.
  const trimmed = text.trim();
  if (trimmed !== text) masker.add(trimmed);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
