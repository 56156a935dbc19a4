/**
 * YAML (and JSON) inventories, read as Ansible's yaml plugin does:
 *   all: { hosts: { h: {vars} }, vars: {}, children: { grp: { hosts, vars, children } } }
 * Top-level keys are groups (usually just `all`); host names may contain ranges.
 */
import { isAlias, isMap, isScalar, type Node, type Pair } from 'yaml';
import { ParseError } from '../errors.js';
import { parseAddress } from './address.js';
import type { InventoryData } from './data.js';
import { expandHostRange, HostRangeError } from './range.js';
import { derefNode, nodeValue, parseYamlFile, type YamlFile } from './yaml-file.js';

const SECTIONS = ['vars', 'children', 'hosts'] as const;

/** Parses a YAML inventory into `data`; problems Ansible only warns about are pushed to `warnings`. */
export function parseYamlInventory(text: string, file: string, data: InventoryData, warnings: string[]): void {
  const yaml = parseYamlFile(text, file);
  const root = yaml.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return; // an empty file is an empty inventory
  if (!isMap(root)) {
    throw new ParseError('INVENTORY_INVALID', 'a YAML inventory must be a mapping of group names', {
      source: yaml.pos(root),
      hint: 'start with `all:` and put hosts under `all: { hosts: ... }`',
    });
  }
  for (const pair of root.items) {
    const name = keyText(pair);
    if (name === 'plugin') {
      throw new ParseError('INVENTORY_INVALID', 'inventory plugins are not supported', {
        source: yaml.pos(pair.key as Node),
        hint: 'use a static YAML or INI inventory',
      });
    }
    parseGroup(yaml, name, pair, data, warnings);
  }
}

/** Whether a file without a YAML extension holds a YAML inventory (a mapping of group mappings). */
export function looksLikeYamlInventory(text: string): boolean {
  try {
    const root = parseYamlFile(text, '').doc.contents;
    if (!isMap(root) || root.items.length === 0) return false;
    return root.items.every((pair) => {
      const value: unknown = pair.value;
      return value === null || isMap(value) || isAlias(value) || (isScalar(value) && value.value === null);
    });
  } catch {
    return false;
  }
}

function keyText(pair: Pair): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function parseGroup(yaml: YamlFile, name: string, pair: Pair, data: InventoryData, warnings: string[]): void {
  const value = derefNode(yaml, pair.value);
  if (value !== null && !isMap(value) && !(isScalar(value) && value.value === null)) {
    warnings.push(`${yaml.pos(pair.key as Node).file}: skipping '${name}': not a valid group definition`);
    return;
  }
  data.addGroup(name);
  if (!isMap(value)) return;

  for (const entry of value.items) {
    const key = keyText(entry);
    const at = yaml.pos(entry.key as Node);
    if (!(SECTIONS as readonly string[]).includes(key)) {
      warnings.push(`${at.file}:${at.line}:${at.col}: skipping unexpected key '${key}' in group '${name}' (only vars, children and hosts are valid)`);
      continue;
    }
    const section = derefNode(yaml, entry.value);
    if (section === null || (isScalar(section) && section.value === null)) continue;
    // `hosts: web1` is shorthand for `hosts: { web1: }`.
    if (isScalar(section) && typeof section.value === 'string') {
      applyEntry(yaml, name, key, section.value, null, section, data, warnings);
      continue;
    }
    if (!isMap(section)) {
      throw new ParseError('INVENTORY_INVALID', `'${key}' of group '${name}' must be a mapping`, {
        source: yaml.pos(section),
        hint: key === 'vars' ? 'write vars as `name: value` pairs' : `write ${key} as a mapping: \`${key}: { name: }\` (not a list)`,
      });
    }
    for (const item of section.items) {
      applyEntry(yaml, name, key, keyText(item), item, item.key as Node, data, warnings);
    }
  }
}

function applyEntry(
  yaml: YamlFile,
  group: string,
  section: string,
  key: string,
  item: Pair | null,
  keyNode: Node,
  data: InventoryData,
  warnings: string[],
): void {
  const at = yaml.pos(keyNode);
  const valueNode = (item?.value ?? null) as Node | null;
  if (section === 'vars') {
    data.setGroupVar(group, key, nodeValue(yaml, valueNode), at);
  } else if (section === 'children') {
    if (item) parseGroup(yaml, key, item, data, warnings);
    else data.addGroup(key);
    data.addChild(group, key, at);
  } else {
    const vars = nodeValue(yaml, valueNode);
    if (vars !== null && (typeof vars !== 'object' || Array.isArray(vars))) {
      throw new ParseError('INVENTORY_INVALID', `host '${key}' in group '${group}' must map to its variables`, {
        source: yaml.pos(valueNode),
        hint: `write \`${key}:\` alone, or \`${key}: { ansible_host: ... }\``,
      });
    }
    const address = parseAddress(key);
    let names: string[];
    try {
      names = expandHostRange(address?.host ?? key);
    } catch (err) {
      if (!(err instanceof HostRangeError)) throw err;
      throw new ParseError('INVENTORY_BAD_RANGE', err.message, {
        source: at,
        hint: 'ranges look like web[1:3], web[01:10], db[a:c] or web[1:9:2]',
      });
    }
    for (const name of names) {
      data.addHost(name, group, at.file, address?.port);
      for (const [k, v] of Object.entries((vars ?? {}) as Record<string, unknown>)) data.setHostVar(name, k, v);
    }
  }
}
