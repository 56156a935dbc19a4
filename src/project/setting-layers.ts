import path from 'node:path';
import { keyPosOf } from '../playbook/yaml.js';
import { didYouMean } from '../util/suggest.js';
import type { AnsibleCfg } from './ansible-cfg.js';
import { coerceSetting, configError, SETTINGS, type SettingDef, type SettingValue } from './settings.js';

const BY_KEY = new Map(SETTINGS.map((d) => [d.key, d]));

/**
 * The settings' sources, added lowest precedence first: each later source replaces a key's value
 * as a whole (a list is not merged), as in Ansible.
 */
export class SettingLayers {
  private readonly values = new Map<string, SettingValue>();
  readonly files: string[] = [];
  readonly ignored: string[] = [];

  get(key: string): SettingValue | undefined {
    return this.values.get(key);
  }

  /**
   * ansible.cfg holds many settings play has no use for (callbacks, ssh_connection tuning): those
   * are listed as ignored for a warning. A key close to one play reads is a typo, and an error,
   * since Ansible would ignore it silently.
   */
  addAnsibleCfg(cfg: AnsibleCfg): void {
    this.files.push(cfg.file);
    for (const e of cfg.entries) {
      const def = BY_KEY.get(e.key);
      if (def && def.section === e.section) {
        this.values.set(def.key, coerceSetting(def, e.value, { file: cfg.file, line: e.line }, path.dirname(cfg.file)));
        continue;
      }
      const hint = didYouMean(e.key, SETTINGS.filter((d) => d.section === e.section).map((d) => d.key));
      if (hint) throw configError('CONFIG_UNKNOWN_KEY', `unknown setting [${e.section}] ${e.key}`, { source: { file: cfg.file, line: e.line }, hint });
      if (def) {
        throw configError('CONFIG_UNKNOWN_KEY', `${e.key} belongs in [${def.section}], not [${e.section}]`, { source: { file: cfg.file, line: e.line }, hint: `move it under [${def.section}]` });
      }
      this.ignored.push(`${cfg.file}:${e.line}: [${e.section}] ${e.key}`);
    }
  }

  /** play.config.yml is play's own: every key must be one play reads. */
  addPlayConfig(file: string, data: unknown): void {
    this.files.push(file);
    if (data === null || data === undefined) return;
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw configError('CONFIG_INVALID', `${file} must be a mapping`, { source: { file, line: 1 }, hint: 'e.g. "inventory: inventory/lab.yml"' });
    }
    for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
      const line = keyPosOf(data, key)?.line;
      const def = BY_KEY.get(key);
      if (!def) {
        throw configError('CONFIG_UNKNOWN_KEY', `unknown setting '${key}'`, {
          source: { file, line: line ?? 1 },
          hint: didYouMean(key, BY_KEY.keys()) ?? `the settings are: ${[...BY_KEY.keys()].join(', ')}`,
        });
      }
      if (raw === null || raw === undefined) continue;
      this.values.set(key, coerceSetting(def, raw, { file, line }, path.dirname(file)));
    }
  }

  /** ANSIBLE_* variables; an empty one counts as unset. */
  addEnv(env: NodeJS.ProcessEnv, cwd: string): void {
    for (const def of SETTINGS) this.addEnvOne(def, env[def.env], cwd);
  }

  private addEnvOne(def: SettingDef, raw: string | undefined, cwd: string): void {
    if (raw === undefined || raw === '') return;
    this.values.set(def.key, coerceSetting(def, raw, { env: def.env }, cwd));
  }
}
