/**
 * group_vars/ and host_vars/ beside an inventory or a playbook. For an entity named `web`,
 * the first of `web`, `web.yml`, `web.yaml`, `web.json` that exists is used; when it is a
 * directory, every file inside (sorted, recursively, skipping hidden files and backups) is
 * merged in order. Merging is shallow: a later file's top-level key replaces an earlier one.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar } from 'yaml';
import { ParseError } from '../errors.js';
import { nodeValue, parseYamlFile } from './yaml-file.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** Variables from one directory's group_vars/ and host_vars/, by group and host name. */
export interface VarsLayer {
  groups: Map<string, Record<string, unknown>>;
  hosts: Map<string, Record<string, unknown>>;
}

export async function loadVarsLayer(baseDir: string, groupNames: Iterable<string>, hostNames: Iterable<string>): Promise<VarsLayer> {
  const [groups, hosts] = await Promise.all([
    loadEntityVars(path.join(baseDir, 'group_vars'), groupNames),
    loadEntityVars(path.join(baseDir, 'host_vars'), hostNames),
  ]);
  return { groups, hosts };
}

async function loadEntityVars(dir: string, names: Iterable<string>): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  let entries: Set<string>;
  try {
    entries = new Set(await readdir(dir));
  } catch {
    return out; // no such directory: nothing to add
  }
  // files of groups and hosts the inventory does not have yet: add_host and group_by may create
  // them during the run, and Ansible reads their group_vars/ and host_vars/ files then
  const all = new Set([...names, ...[...entries].flatMap(entityName)]);
  for (const name of all) {
    const files = await findVarsFiles(dir, name, entries);
    if (files.length === 0) continue;
    const merged: Record<string, unknown> = {};
    for (const file of files) Object.assign(merged, await readVarsFile(file));
    out.set(name, merged);
  }
  return out;
}

/** The group or host a file of group_vars/ or host_vars/ is for (none for hidden files and backups). */
function entityName(entry: string): string[] {
  if (entry.startsWith('.') || entry.endsWith('~')) return [];
  const ext = path.extname(entry);
  if (ext === '') return [entry];
  return EXTENSIONS.includes(ext) ? [entry.slice(0, -ext.length)] : [];
}

async function findVarsFiles(dir: string, name: string, entries: Set<string>): Promise<string[]> {
  for (const ext of EXTENSIONS) {
    if (!entries.has(name + ext)) continue;
    const full = path.join(dir, name + ext);
    const info = await stat(full);
    return info.isDirectory() ? listVarsDir(full) : [full];
  }
  return [];
}

async function listVarsDir(dir: string): Promise<string[]> {
  const found: string[] = [];
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    if (name.startsWith('.') || name.endsWith('~')) continue;
    const full = path.join(dir, name);
    const ext = path.extname(name);
    const info = await stat(full);
    if (info.isDirectory() && !ext) found.push(...(await listVarsDir(full)));
    else if (info.isFile() && (!ext || EXTENSIONS.includes(ext))) found.push(full);
  }
  return found;
}

/** A vars file holds one mapping (an empty file counts as an empty mapping). */
export async function readVarsFile(file: string): Promise<Record<string, unknown>> {
  const yaml = parseYamlFile(await readFile(file, 'utf8'), file);
  const root = yaml.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return {};
  if (!isMap(root)) {
    throw new ParseError('INVALID_VARS_FILE', 'a vars file must contain a mapping of variable names to values', {
      source: yaml.pos(root),
      hint: 'write `name: value` lines at the top level',
    });
  }
  return nodeValue(yaml, root) as Record<string, unknown>;
}
