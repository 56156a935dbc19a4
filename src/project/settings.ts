import os from 'node:os';
import path from 'node:path';
import { ExitCode, ParseError, type PlayErrorOptions, type SourcePos } from '../errors.js';
import { parseBoolean } from '../util/ansible-boolean.js';

/**
 * The settings `play` reads from ansible.cfg, play.config.yml and ANSIBLE_* variables: one table,
 * so the three sources agree on names, types and meaning. Names, sections and variables are
 * Ansible's own (`ansible-config list`); play.config.yml uses the same names at its top level.
 */
export type SettingType = 'string' | 'path' | 'pathlist' | 'list' | 'int' | 'bool' | 'choice';

export interface SettingDef {
  key: string;
  section: 'defaults' | 'privilege_escalation';
  env: string;
  type: SettingType;
  choices?: readonly string[];
}

export const SETTINGS: readonly SettingDef[] = [
  { key: 'inventory', section: 'defaults', env: 'ANSIBLE_INVENTORY', type: 'pathlist' },
  { key: 'remote_user', section: 'defaults', env: 'ANSIBLE_REMOTE_USER', type: 'string' },
  { key: 'forks', section: 'defaults', env: 'ANSIBLE_FORKS', type: 'int' },
  { key: 'roles_path', section: 'defaults', env: 'ANSIBLE_ROLES_PATH', type: 'pathlist' },
  { key: 'host_key_checking', section: 'defaults', env: 'ANSIBLE_HOST_KEY_CHECKING', type: 'bool' },
  { key: 'private_key_file', section: 'defaults', env: 'ANSIBLE_PRIVATE_KEY_FILE', type: 'path' },
  { key: 'timeout', section: 'defaults', env: 'ANSIBLE_TIMEOUT', type: 'int' },
  { key: 'vault_password_file', section: 'defaults', env: 'ANSIBLE_VAULT_PASSWORD_FILE', type: 'path' },
  { key: 'vault_identity_list', section: 'defaults', env: 'ANSIBLE_VAULT_IDENTITY_LIST', type: 'list' },
  { key: 'gathering', section: 'defaults', env: 'ANSIBLE_GATHERING', type: 'choice', choices: ['implicit', 'explicit', 'smart'] },
  { key: 'fact_caching', section: 'defaults', env: 'ANSIBLE_CACHE_PLUGIN', type: 'choice', choices: ['memory', 'jsonfile'] },
  { key: 'fact_caching_connection', section: 'defaults', env: 'ANSIBLE_CACHE_PLUGIN_CONNECTION', type: 'path' },
  { key: 'fact_caching_timeout', section: 'defaults', env: 'ANSIBLE_CACHE_PLUGIN_TIMEOUT', type: 'int' },
  { key: 'become', section: 'privilege_escalation', env: 'ANSIBLE_BECOME', type: 'bool' },
  { key: 'become_user', section: 'privilege_escalation', env: 'ANSIBLE_BECOME_USER', type: 'string' },
  { key: 'become_method', section: 'privilege_escalation', env: 'ANSIBLE_BECOME_METHOD', type: 'choice', choices: ['sudo', 'su'] },
  { key: 'become_ask_pass', section: 'privilege_escalation', env: 'ANSIBLE_BECOME_ASK_PASS', type: 'bool' },
];

/** A bad setting is a bad option of the run: exit 5, as Ansible's invalid configuration. */
export function configError(code: string, message: string, opts: PlayErrorOptions): ParseError {
  return new ParseError(code, message, { exitCode: ExitCode.badOptions, ...opts });
}

export type SettingValue = string | string[] | number | boolean;

/** Where a value came from, for errors and `play config`-style explanations. */
export interface SettingOrigin {
  file?: string | undefined;
  line?: number | undefined;
  env?: string | undefined;
}

/**
 * A raw value (a string from ansible.cfg or the environment, any YAML value from
 * play.config.yml) as the setting's type. Relative paths are relative to the file's directory (as
 * Ansible resolves them), or to `cwd` for the environment. A wrong value names key and source.
 */
export function coerceSetting(def: SettingDef, raw: unknown, origin: SettingOrigin, baseDir: string): SettingValue {
  const bad = (expected: string): never => {
    const source: SourcePos | undefined = origin.file !== undefined ? { file: origin.file, line: origin.line ?? 1 } : undefined;
    throw configError('CONFIG_INVALID', `${def.key} must be ${expected}, got ${JSON.stringify(raw)}${origin.env !== undefined ? ` (from the environment variable ${origin.env})` : ''}`, {
      source,
      hint: def.choices ? `one of: ${def.choices.join(', ')}` : `e.g. ${example(def)}`,
    });
  };
  const text = (): string => {
    if (raw === null || typeof raw === 'object') return bad('a single value');
    return String(raw).trim();
  };
  const list = (sep: RegExp): string[] => {
    if (Array.isArray(raw)) return raw.map((v) => String(v).trim()).filter(Boolean);
    return text().split(sep).map((s) => s.trim()).filter(Boolean);
  };
  const resolve = (p: string): string => (p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : path.resolve(baseDir, p));
  switch (def.type) {
    case 'string':
      return text();
    case 'path':
      return resolve(text());
    case 'pathlist':
      // Ansible: inventory is a comma list, roles_path a colon list ("pathspec")
      return list(def.key === 'inventory' ? /,/ : /:/).map(resolve);
    case 'list':
      return list(/,/);
    case 'int': {
      const s = text();
      const n = Number(s);
      if (!/^\d+$/.test(s) || !Number.isSafeInteger(n)) return bad('a whole number');
      return n;
    }
    case 'bool': {
      const b = typeof raw === 'boolean' ? raw : parseBoolean(text());
      if (b === undefined) return bad('a boolean (true/false, yes/no, 1/0)');
      return b;
    }
    case 'choice': {
      const s = text();
      if (!def.choices?.includes(s)) return bad(`one of ${def.choices?.join(', ')}`);
      return s;
    }
  }
}

function example(def: SettingDef): string {
  switch (def.type) {
    case 'int':
      return `${def.key}: 10`;
    case 'bool':
      return `${def.key}: false`;
    case 'pathlist':
      return def.key === 'inventory' ? 'inventory: inventory/hosts.yml' : 'roles_path: roles';
    default:
      return `${def.key}: VALUE`;
  }
}
