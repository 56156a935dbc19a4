/**
 * Reads inventory sources (`-i`, repeatable) into one inventory: files (INI or YAML),
 * directories of such files, and comma lists of hosts ("web1,web2,"). Then loads the
 * group_vars/ and host_vars/ beside each source and beside the playbook.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../errors.js';
import { parseAddress } from './address.js';
import { InventoryData } from './data.js';
import { parseIniInventory } from './ini.js';
import { StaticInventory, type LoadedInventory } from './inventory.js';
import { IMPLICIT_LOCALHOST } from './pattern.js';
import type { LoadInventoryOptions } from './types.js';
import { loadVarsLayer } from './vars-files.js';
import { looksLikeYamlInventory, parseYamlInventory } from './yaml.js';

const YAML_EXTENSIONS = ['.yml', '.yaml', '.json'];
/** Files in an inventory directory that are never inventories (Ansible's INVENTORY_IGNORE_EXTS). */
const IGNORED_EXTENSIONS = ['.md', '.txt', '.rst', '.retry', '.orig', '.cfg', '.bak', '.swp', '.pyc', '.pyo', '.rpm'];
const VARS_DIRS = ['group_vars', 'host_vars'];

export async function loadInventory(paths: readonly string[], opts: LoadInventoryOptions = {}): Promise<LoadedInventory> {
  const data = new InventoryData();
  const warnings: string[] = [];
  const sources: string[] = [];
  const varsDirs: string[] = [];

  for (const source of paths) {
    const info = await statOrUndefined(source);
    if (info?.isDirectory()) {
      const dir = path.resolve(source);
      for (const file of await listInventoryDir(dir)) await parseInventoryFile(file, data, warnings);
      sources.push(dir);
      varsDirs.push(dir);
    } else if (info) {
      const file = path.resolve(source);
      await parseInventoryFile(file, data, warnings);
      sources.push(file);
      varsDirs.push(path.dirname(file));
    } else if (source.includes(',')) {
      await assertNoFileInHostList(source);
      parseHostList(source, data);
      sources.push(source);
    } else {
      // exit 4 like every other inventory that cannot be read or parsed: Ansible only warns
      // ("Unable to parse … as an inventory source") and goes on with no hosts, which hides the typo
      throw new ParseError('INVENTORY_MISSING', `inventory source '${source}' does not exist`, {
        source: { file: source },
        hint: "pass an inventory file or directory with -i, or a comma list of hosts such as 'web1,web2,'",
      });
    }
  }

  data.reconcile();
  const groupNames = [...data.groups.keys()];
  const hostNames = [...data.hosts.keys(), IMPLICIT_LOCALHOST];
  const load = (dir: string) => loadVarsLayer(dir, groupNames, hostNames);
  const playbookDirs = opts.playbookDir === undefined ? [] : [path.resolve(opts.playbookDir)];
  const [inventoryLayers, playbookLayers] = await Promise.all([
    Promise.all(varsDirs.map(load)),
    Promise.all(playbookDirs.map(load)),
  ]);

  return new StaticInventory({
    sources,
    hosts: data.hosts,
    groups: data.groups,
    depths: data.depths(),
    inventoryLayers,
    playbookLayers,
    warnings,
  });
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

/** Every inventory file under a directory, sorted, skipping vars dirs, hidden files and non-inventories. */
async function listInventoryDir(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.') || name.endsWith('~') || VARS_DIRS.includes(name)) continue;
    if (IGNORED_EXTENSIONS.includes(path.extname(name).toLowerCase())) continue;
    const full = path.join(dir, name);
    const info = await statOrUndefined(full);
    if (info === undefined) throw unreadable(full, 'a broken link or a file removed while reading');
    if (info.isDirectory()) found.push(...(await listInventoryDir(full)));
    else if (info.isFile()) found.push(full);
  }
  return found;
}

async function parseInventoryFile(file: string, data: InventoryData, warnings: string[]): Promise<void> {
  const text = await readInventoryFile(file);
  if (text.startsWith('#!')) {
    throw new ParseError('INVENTORY_SCRIPT_UNSUPPORTED', 'inventory scripts are not supported', {
      source: { file, line: 1, col: 1 },
      hint: 'write the inventory as a static YAML or INI file (for example with `ansible-inventory --list -y`)',
    });
  }
  const ext = path.extname(file).toLowerCase();
  const isYaml = YAML_EXTENSIONS.includes(ext) || (ext !== '.ini' && looksLikeYamlInventory(text));
  if (isYaml) parseYamlInventory(text, file, data, warnings);
  else parseIniInventory(text, file, data);
}

async function readInventoryFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err instanceof Error && 'code' in err ? String(err.code) : String(err), err);
  }
}

function unreadable(file: string, reason: string, cause?: unknown): ParseError {
  return new ParseError('INVENTORY_UNREADABLE', `inventory source '${file}' cannot be read (${reason})`, {
    source: { file },
    hint: 'check that the file exists and that you may read it',
    cause,
  });
}

/** Names that are paths to inventory files, never host names: a slash or an inventory file's extension. */
const FILE_LIKE = /\/|\.(ini|ya?ml|json)$/i;

/**
 * "-i hosts/a.ini,hosts/b.ini" is a host list to Ansible (a string with a comma that is no file),
 * which would target hosts named after files. Such an entry is an inventory file: a missing one
 * is reported as missing, an existing one as needing its own -i.
 */
async function assertNoFileInHostList(list: string): Promise<void> {
  const files = list.split(',').map((e) => e.trim()).filter((e) => FILE_LIKE.test(e));
  if (files.length === 0) return;
  const hint = "give each inventory file its own -i (-i a.ini -i b.ini); a comma list such as 'web1,web2,' names hosts";
  for (const file of files) {
    if ((await statOrUndefined(file)) === undefined) {
      throw new ParseError('INVENTORY_MISSING', `inventory source '${file}' does not exist (in the host list '${list}')`, { source: { file }, hint });
    }
  }
  throw new ParseError('INVENTORY_FILE_IN_HOST_LIST', `'${list}' is read as a list of hosts, but '${files[0]}' is an inventory file`, { source: { file: String(files[0]) }, hint });
}

/** "web1,web2:2222,[::1]:22," — each entry is an ungrouped host (no ranges, as in Ansible's host_list). */
function parseHostList(list: string, data: InventoryData): void {
  for (const entry of list.split(',')) {
    const text = entry.trim();
    if (!text) continue;
    const address = parseAddress(text);
    const name = address?.host ?? text;
    if (!data.hosts.has(name)) data.addHost(name, 'ungrouped', null, address?.port);
  }
}
