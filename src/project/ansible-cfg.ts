import { access, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertTrustedConfig } from './config-trust.js';
import { configError } from './settings.js';
import { parseIni as parseIniEntries, type IniEntry } from '../util/ini.js';

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

/** ansible.cfg's lines; a line that is no setting is an error naming the file and line. */
export function parseIni(text: string, file: string): AnsibleCfg {
  const parsed = parseIniEntries(text);
  if ('error' in parsed) {
    throw configError('CONFIG_INVALID', parsed.error.message, { source: { file, line: parsed.error.line }, hint: 'ansible.cfg is an INI file: [defaults] then key = value lines' });
  }
  return { file, entries: parsed.entries };
}

export async function readAnsibleCfg(file: string): Promise<AnsibleCfg> {
  return parseIni(await readFile(file, 'utf8'), file);
}
