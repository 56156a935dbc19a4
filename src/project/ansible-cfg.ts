import { access, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertTrustedConfig } from './config-trust.js';
import { configError } from './settings.js';

/** One `key = value` line of an ansible.cfg. */
export interface IniEntry {
  section: string;
  key: string;
  value: string;
  line: number;
}

export interface AnsibleCfg {
  file: string;
  entries: IniEntry[];
}

export interface CfgLookup {
  cwd: string;
  env: NodeJS.ProcessEnv;
  home: string;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * The ansible.cfg Ansible would read, in its order: $ANSIBLE_CONFIG (a file, or a directory
 * holding ansible.cfg), ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg — only the first
 * found is read, as in Ansible. ./ansible.cfg is used only if trusted (./config-trust.ts): Ansible
 * skips one in a world-writable directory with a warning; play refuses it, as for play.config.yml.
 */
export async function findAnsibleCfg(o: CfgLookup = { cwd: process.cwd(), env: process.env, home: os.homedir() }): Promise<string | undefined> {
  const named = o.env['ANSIBLE_CONFIG'];
  if (named) {
    const p = path.resolve(o.cwd, named);
    const file = (await stat(p).catch(() => undefined))?.isDirectory() ? path.join(p, 'ansible.cfg') : p;
    try {
      await access(file);
    } catch {
      throw configError('CONFIG_MISSING', `ANSIBLE_CONFIG names ${file}, which does not exist`, { hint: 'unset ANSIBLE_CONFIG or point it at an ansible.cfg' });
    }
    return file;
  }
  const local = path.join(o.cwd, 'ansible.cfg');
  if (await isFile(local)) {
    await assertTrustedConfig(local);
    return local;
  }
  for (const p of [path.join(o.home, '.ansible.cfg'), '/etc/ansible/ansible.cfg']) if (await isFile(p)) return p;
  return undefined;
}

/**
 * Python's configparser as Ansible configures it: `[section]`, `key = value` or `key: value`,
 * whole-line comments with # or ;, inline comments after " ;", indented lines continuing a value.
 */
export function parseIni(text: string, file: string): AnsibleCfg {
  const entries: IniEntry[] = [];
  let section: string | undefined;
  let last: IniEntry | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*([#;].*)?$/.test(raw)) return;
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value}\n${raw.trim()}`;
      return;
    }
    const head = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (head) {
      section = (head[1] as string).trim();
      last = undefined;
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) throw configError('CONFIG_INVALID', 'not a "key = value" line', { source: { file, line }, hint: 'ansible.cfg is an INI file: [defaults] then key = value lines' });
    if (section === undefined) throw configError('CONFIG_INVALID', 'a setting before any [section]', { source: { file, line }, hint: 'start the file with [defaults]' });
    last = { section, key: (kv[1] as string).trim().toLowerCase(), value: (kv[2] as string).replace(/\s;.*$/, '').trim(), line };
    entries.push(last);
  });
  return { file, entries };
}

export async function readAnsibleCfg(file: string): Promise<AnsibleCfg> {
  return parseIni(await readFile(file, 'utf8'), file);
}
