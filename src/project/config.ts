/**
 * The project a command runs in: play.config.yml (found in the directory or a parent) and the
 * inventory it names, read with the project's vault password. Below the CLI so that tools on top
 * of the engine (the load test, the benchmark, the lab) read a project as `play` does without
 * depending on the command line.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ParseError } from '../errors.js';
import { loadInventory } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import { parseYaml } from '../playbook/yaml.js';
import { withVaultDecoder } from '../secrets/vault-hook.js';
import { vaultDecoder } from '../vault/decoder.js';
import { DeferredVaultSecrets } from '../vault/deferred-secrets.js';
import { assertTrustedConfig } from './config-trust.js';

/** play.config.yml: project defaults so users type `play run` and nothing else. */
export interface ProjectConfig {
  dir: string;
  inventory: string[];
  rolesPath: string[];
  forks: number | undefined;
  /** vault_password_file: tried after the command line's vault passwords (env variables replace it). */
  vaultPasswordFile: string | undefined;
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
 * The project's play.config.yml: searched from `cwd` upwards, up to the project's root — the
 * first directory holding a config file or a `.git` — and never above it, so a file planted in a
 * shared parent directory (/tmp/…) does not apply to projects below. A config found is used only
 * if it is trusted (see ./config-trust.ts), else that is an error.
 */
export async function loadConfig(cwd: string = process.cwd()): Promise<ProjectConfig> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      if (await exists(file)) return readConfig(file);
    }
    if ((await exists(path.join(dir, '.git'))) || path.dirname(dir) === dir) break;
  }
  return { dir: path.resolve(cwd), inventory: [], rolesPath: [], forks: undefined, vaultPasswordFile: undefined };
}

async function readConfig(file: string): Promise<ProjectConfig> {
  await assertTrustedConfig(file);
  const dir = path.dirname(file);
  const data = parseYaml(await readFile(file, 'utf8'), file);
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new ParseError('CONFIG_INVALID', `${file} must be a mapping`, { source: { file, line: 1 }, hint: 'e.g. "inventory: inventory/lab.yml"' });
  }
  const cfg = (data ?? {}) as Record<string, unknown>;
  const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  return {
    dir,
    inventory: list(cfg.inventory).map((p) => path.resolve(dir, p)),
    rolesPath: list(cfg.roles_path).map((p) => path.resolve(dir, p)),
    forks: cfg.forks === undefined ? undefined : Number(cfg.forks),
    vaultPasswordFile: cfg.vault_password_file === undefined ? undefined : path.resolve(dir, String(cfg.vault_password_file)),
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
