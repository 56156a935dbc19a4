/**
 * YAML as inventories and vars files use it: YAML 1.1 (so yes/no are booleans and 0644 is octal,
 * as Ansible reads them), with every syntax error turned into a ParseError at file:line:col.
 */
import { isAlias, LineCounter, parseDocument, visit, type Document, type Node, type Tags } from 'yaml';
import { ParseError, type SourcePos } from '../errors.js';
import { UNSAFE_SCALAR } from '../playbook/yaml.js';
import { decodeVault, markVaultSecrets, maybeDecodeVaultFile } from '../secrets/vault-hook.js';
import { UnsafeText } from '../template/unsafe.js';
import { pyyamlBooleans } from '../util/yaml-booleans.js';

export interface YamlFile {
  doc: Document.Parsed;
  /** Where a node starts in the file (the file itself when the node has no position). */
  pos(node: Node | null | undefined): SourcePos;
}

export function parseYamlFile(source: string, file: string): YamlFile {
  const { text, vaulted } = maybeDecodeVaultFile(source, file);
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): SourcePos => {
    if (offset === undefined) return { file };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  // inline `!vault |` values: decrypted as they are read (resolve gets no position, so the
  // value's text is matched back to its place for error messages)
  let vaultError: unknown;
  const vaultTag = {
    tag: '!vault',
    resolve: (str: string): string => {
      try {
        return decodeVault(str, at(text.indexOf(str.split('\n')[0] ?? str)));
      } catch (err) {
        vaultError ??= err; // the YAML parser would swallow it into a syntax error
        return '';
      }
    },
  };
  const doc = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: true, customTags: (tags: Tags) => [...pyyamlBooleans(tags), vaultTag, UNSAFE_SCALAR] });
  if (vaultError !== undefined) throw vaultError;
  if (vaulted) markVaultSecrets(doc.toJS());
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    throw new ParseError('YAML_SYNTAX', `invalid YAML: ${first.message.split('\n')[0] ?? first.code}`, {
      source: { file, line: where?.line, col: where?.col },
      hint: 'check indentation and quoting around this position',
    });
  }
  return {
    doc,
    pos(node) {
      const offset = node?.range?.[0];
      if (offset === undefined) return { file };
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, col };
    },
  };
}

/** Plain JavaScript value of a node (merge keys `<<` resolved, as YAML 1.1 allows). */
export function nodeValue(file: YamlFile, node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  markUnsafeCollections(node);
  return node.toJS(file.doc, { maxAliasCount: 1000 });
}

/** `!unsafe` on a list or mapping: every string value in it becomes unsafe (keys stay keys). */
function markUnsafeCollections(node: Node): void {
  visit(node, {
    Collection(_key, collection) {
      if (collection.tag !== '!unsafe') return;
      visit(collection, {
        Scalar(key, scalar) {
          if (key !== 'key' && typeof scalar.value === 'string') scalar.value = new UnsafeText(scalar.value);
        },
      });
    },
  });
}

/** The node an alias (`*name`) points to; any other node as it is. */
export function derefNode(file: YamlFile, node: unknown): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(file.doc) as Node | undefined) ?? null;
  return node as Node;
}
