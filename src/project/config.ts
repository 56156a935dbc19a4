/**
 * The project a command runs in: its settings (ansible.cfg, play.config.yml found in the directory
 * or a parent, ANSIBLE_* variables) and the inventory they name, read with the project's vault password. Below the CLI so that tools on top
 * of the engine (the load test, the benchmark, the lab) read a project as `play` does without
 * depending on the command line.
 */
import { access, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadInventory } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import { parseYaml } from '../playbook/yaml.js';
import { withVaultDecoder } from '../secrets/vault-hook.js';
import { vaultDecoder } from '../vault/decoder.js';
import { DeferredVaultSecrets } from '../vault/deferred-secrets.js';
import { findAnsibleCfg, readAnsibleCfg } from './ansible-cfg.js';
import { assertTrustedConfig } from './config-trust.js';
import { SettingLayers } from './setting-layers.js';

/**
 * The project's settings, from (lowest first) ansible.cfg, play.config.yml and the ANSIBLE_*
 * environment variables; the command line's options override them all (docs/configuration.md).
 */
export interface ProjectConfig {
  /** The project directory: play.config.yml's, else the working directory. */
  dir: string;
  inventory: string[];
  rolesPath: string[];
  forks: number | undefined;
  /** vault_password_file: tried after the command line's vault passwords (env variables replace it). */
  vaultPasswordFile: string | undefined;
  vaultIdentityList: string[];
  remoteUser: string | undefined;
  privateKeyFile: string | undefined;
  /** Connect timeout, seconds. */
  timeout: number | undefined;
  /** false: accept unknown host keys (a changed key still fails). */
  hostKeyChecking: boolean | undefined;
  become: boolean | undefined;
  becomeUser: string | undefined;
  becomeMethod: string | undefined;
  becomeAskPass: boolean | undefined;
  gathering: 'implicit' | 'explicit' | 'smart';
  factCaching: 'memory' | 'jsonfile';
  factCachingConnection: string | undefined;
  /** Seconds; 0 = never expires. */
  factCachingTimeout: number;
  /** The config files read, lowest precedence first. */
  files: string[];
  /** ansible.cfg settings play does not use: shown as a warning, never silently dropped. */
  ignored: string[];
}

export interface ConfigLookup {
  env?: NodeJS.ProcessEnv;
  home?: string;
}

const CONFIG_NAMES = ['play.config.yml', 'play.config.yaml'];

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The project's settings. play.config.yml is searched from `cwd` upwards, up to the project's
 * root — the first directory holding a config file or a `.git` — and never above it, so a file
 * planted in a shared parent directory (/tmp/…) does not apply to projects below. ansible.cfg is
 * looked up where Ansible looks (./ansible-cfg.ts). A config found is used only if it is trusted
 * (see ./config-trust.ts), else that is an error.
 */
export async function loadConfig(cwd: string = process.cwd(), lookup: ConfigLookup = {}): Promise<ProjectConfig> {
  const env = lookup.env ?? process.env;
  const layers = new SettingLayers();
  const cfgFile = await findAnsibleCfg({ cwd: path.resolve(cwd), env, home: lookup.home ?? os.homedir() });
  if (cfgFile) layers.addAnsibleCfg(await readAnsibleCfg(cfgFile));
  const playConfig = await findPlayConfig(cwd);
  if (playConfig) {
    await assertTrustedConfig(playConfig);
    layers.addPlayConfig(playConfig, parseYaml(await readFile(playConfig, 'utf8'), playConfig));
  }
  layers.addEnv(env, path.resolve(cwd));
  return toProjectConfig(layers, playConfig ? path.dirname(playConfig) : path.resolve(cwd));
}

async function findPlayConfig(cwd: string): Promise<string | undefined> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      if (await exists(file)) return file;
    }
    if ((await exists(path.join(dir, '.git'))) || path.dirname(dir) === dir) return undefined;
  }
}

function toProjectConfig(l: SettingLayers, dir: string): ProjectConfig {
  const str = (k: string): string | undefined => l.get(k) as string | undefined;
  const list = (k: string): string[] => (l.get(k) as string[] | undefined) ?? [];
  const num = (k: string): number | undefined => l.get(k) as number | undefined;
  const bool = (k: string): boolean | undefined => l.get(k) as boolean | undefined;
  return {
    dir,
    inventory: list('inventory'),
    rolesPath: list('roles_path'),
    forks: num('forks'),
    vaultPasswordFile: str('vault_password_file'),
    vaultIdentityList: list('vault_identity_list'),
    remoteUser: str('remote_user'),
    privateKeyFile: str('private_key_file'),
    timeout: num('timeout'),
    hostKeyChecking: bool('host_key_checking'),
    become: bool('become'),
    becomeUser: str('become_user'),
    becomeMethod: str('become_method'),
    becomeAskPass: bool('become_ask_pass'),
    gathering: (str('gathering') ?? 'implicit') as ProjectConfig['gathering'],
    factCaching: (str('fact_caching') ?? 'memory') as ProjectConfig['factCaching'],
    factCachingConnection: str('fact_caching_connection'),
    factCachingTimeout: num('fact_caching_timeout') ?? 86400,
    files: l.files,
    ignored: l.ignored,
  };
}

/** -i sources, else play.config.yml's, else ./inventory/ if present, else only implicit localhost. */
export async function loadProjectInventory(cli: string[] | undefined, config: ProjectConfig, playbookDir?: string): Promise<Inventory> {
  let sources = cli && cli.length ? cli : config.inventory;
  if (sources.length === 0) {
    const dflt = path.join(config.dir, 'inventory');
    sources = (await exists(dflt)) ? [dflt] : ['localhost,'];
  }
  return loadInventory(sources, { playbookDir });
}

/**
 * Reads inventories outside a run (play test, play lab break, the benchmark, the load test):
 * vault files open with the project's vault_password_file, as `play run` there would open them
 * (read when the first vaulted value is met, as in a run).
 */
export async function withProjectVault<T>(config: ProjectConfig, read: () => Promise<T>): Promise<T> {
  const secrets = await DeferredVaultSecrets.fromOptions({ vaultPasswordFile: config.vaultPasswordFile ? [config.vaultPasswordFile] : [] });
  return withVaultDecoder(secrets.isEmpty ? undefined : vaultDecoder(() => secrets.secrets()), read);
}

/** These inventory files, read with the vault password of the project in `dir`. */
export async function readInventoryWithProjectVault(files: string[], dir: string): Promise<Inventory> {
  return withProjectVault(await loadConfig(dir), () => loadInventory(files));
}
