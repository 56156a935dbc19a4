import { readFile, stat } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ParseError, type SourcePos } from '../errors.js';
import { VAULT_FILE_HEADER, decodeVault, markVaultSecrets, maybeDecodeVaultFile } from '../secrets/vault-hook.js';
import { UnsafeText, markUnsafe } from '../template/unsafe.js';
import { setOwn } from '../util/own-props.js';
import { pyyamlBooleans } from '../util/yaml-booleans.js';

/**
 * YAML loading for everything the user writes. Parses as YAML 1.1 (what Ansible's PyYAML
 * speaks: yes/no booleans, 0644 octal, merge keys), rejects duplicate keys and tabs with
 * file:line:col, and remembers where every mapping, sequence and key came from so later
 * validation errors can point into the user's file.
 */
const positions = new WeakMap<object, SourcePos>();
const keyPositions = new WeakMap<object, Map<string, SourcePos>>();
const itemPositions = new WeakMap<readonly unknown[], SourcePos[]>();

/** Where the i-th entry of a YAML sequence starts (works for scalars too). */
export function itemPosOf(list: readonly unknown[], index: number): SourcePos | undefined {
  return itemPositions.get(list)?.[index] ?? posOf(list[index]) ?? positions.get(list);
}

export function posOf(value: unknown, fallback?: SourcePos): SourcePos | undefined {
  if (value && typeof value === 'object') return positions.get(value) ?? fallback;
  return fallback;
}

export function keyPosOf(obj: unknown, key: string): SourcePos | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  return keyPositions.get(obj)?.get(key) ?? positions.get(obj);
}

/** Marks a value (built by hand) as coming from a place, e.g. tasks synthesised from roles: lists. */
export function setPos(value: object, pos: SourcePos): void {
  positions.set(value, pos);
}

/**
 * Parsed files, reused while the file is unchanged (role files are read by every play): pure
 * data keyed by the file's identity, shared by every load in the process, so readers treat it as
 * read-only. A file holding vault data is never kept: each run opens it with its own password
 * and registers its plaintext with its own masker (secrets/vault-hook.ts).
 */
const fileCache = new Map<string, { mtimeMs: number; size: number; value: unknown }>();

/** @param from where the file is named (an import): the error points there. */
export async function loadYamlFile(file: string, from?: SourcePos): Promise<unknown> {
  let text: string;
  let info: { mtimeMs: number; size: number };
  try {
    info = await stat(file);
    const cached = fileCache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.value;
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ParseError('FILE_MISSING', `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`, {
      source: from ?? { file },
      hint: 'check the path; relative paths are resolved from the playbook or role directory',
    });
  }
  const value = parseYaml(text, file);
  if (!holdsVault(text)) fileCache.set(file, { mtimeMs: info.mtimeMs, size: info.size, value });
  return value;
}

/** Whether a file is, or may hold, vault data (a `!vault` tag anywhere counts: no caching is the safe side). */
function holdsVault(text: string): boolean {
  return text.startsWith(VAULT_FILE_HEADER) || text.includes('!vault');
}

export function parseYaml(source: string, file: string): unknown {
  const { text, vaulted } = maybeDecodeVaultFile(source, file);
  const lineCounter = new LineCounter();
  const tabLine = findTabIndent(text);
  const doc = parseDocument(text, {
    version: '1.1',
    merge: true,
    uniqueKeys: true,
    lineCounter,
    prettyErrors: false,
    customTags: (tags) => [...pyyamlBooleans(tags), { tag: '!vault', resolve: (str: string) => str }, UNSAFE_SCALAR],
  });
  const at = (offset: number | undefined): SourcePos => {
    if (offset === undefined) return { file };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const first = doc.errors[0];
  if (first) {
    const pos = at(first.pos[0]);
    if (tabLine !== undefined && (pos.line === undefined || tabLine <= pos.line)) {
      throw new ParseError('YAML_TAB', 'tab character used for indentation', {
        source: { file, line: tabLine, col: 1 },
        hint: 'YAML indentation must use spaces; replace the tabs with spaces',
      });
    }
    const dup = first.code === 'DUPLICATE_KEY';
    throw new ParseError(dup ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX', firstLine(first.message), {
      source: pos,
      hint: dup ? 'a key appears twice in the same mapping; remove or rename one' : yamlHint(first.code),
    });
  }
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const data = toJs(doc.contents, at, resolve);
  if (vaulted) markVaultSecrets(data);
  return data;
}

/** `!unsafe 'text'`: data that is never templated (Ansible's AnsibleUnsafeText). */
export const UNSAFE_SCALAR = { tag: '!unsafe', resolve: (str: string): UnsafeText => new UnsafeText(str) };

/** `!unsafe` on a list or mapping marks every string in it, as Ansible's wrap_var does. */
function unsafeIfTagged(node: { tag?: string | undefined }, value: unknown): unknown {
  return node.tag === '!unsafe' ? markUnsafe(value) : value;
}

type Resolve = (node: unknown) => unknown;

function toJs(node: unknown, at: (offset: number | undefined) => SourcePos, resolve: Resolve): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toJs(resolve(node), at, resolve);
  if (isScalar(node)) {
    if (node.tag === '!vault') return decodeVault(String(node.value), at(node.range?.[0]));
    return node.value;
  }
  if (isSeq(node)) {
    const out = unsafeIfTagged(node, node.items.map((item) => toJs(item, at, resolve))) as unknown[];
    positions.set(out, at(node.range?.[0]));
    itemPositions.set(
      out,
      node.items.map((item) => at((item as { range?: [number, number, number] } | null)?.range?.[0] ?? node.range?.[0])),
    );
    return out;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const keys = new Map<string, SourcePos>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      // with merge on, the yaml package gives `<<` keys a symbol value
      const rawKey = isScalar(keyNode) ? keyNode.value : keyNode;
      const key = typeof rawKey === 'symbol' ? (rawKey.description ?? '<<') : String(rawKey);
      const keyAt = at((keyNode as { range?: [number, number, number] } | null)?.range?.[0]);
      if (key === '<<') {
        mergeInto(out, keys, toJs(pair.value, at, resolve), keyAt);
        continue;
      }
      setOwn(out, key, toJs(pair.value, at, resolve));
      keys.set(key, keyAt);
    }
    const value = unsafeIfTagged(node, out) as Record<string, unknown>;
    positions.set(value, at(node.range?.[0]));
    keyPositions.set(value, keys);
    return value;
  }
  return node;
}

function mergeInto(out: Record<string, unknown>, keys: Map<string, SourcePos>, value: unknown, pos: SourcePos): void {
  const sources = Array.isArray(value) ? value : [value];
  for (const src of sources) {
    if (!src || typeof src !== 'object') continue;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      if (!Object.prototype.hasOwnProperty.call(out, k)) {
        setOwn(out, k, v);
        keys.set(k, pos);
      }
    }
  }
}

function findTabIndent(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (/^ *\t/.test(lines[i] ?? '')) return i + 1;
  return undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that every "key: value" has a space after the colon';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value that contains ": " or starts with "{{" must be quoted';
    default:
      return 'fix the YAML syntax at this position (values starting with "{{" must be quoted)';
  }
}
