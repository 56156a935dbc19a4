/** Ansible-style extra vars (`play run -e`, `play exec -e`): parsing the command line's values. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OptionsError } from '../errors.js';
import { parseYaml } from '../playbook/yaml.js';

/** -e values: key=value pairs, JSON/YAML mappings, or @file. Later ones win. */
export async function parseExtraVars(values: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    if (v.startsWith('@')) {
      const file = path.resolve(v.slice(1));
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new OptionsError(`--extra-vars: cannot read ${file}`, { hint: 'use -e @path/to/vars.yml' });
      }
      Object.assign(out, asMapping(parseYaml(text, file), v));
    } else if (/^\s*[{[]/.test(v)) {
      let data: unknown;
      try {
        data = parseYaml(v, '--extra-vars');
      } catch (err) {
        throw new OptionsError(`--extra-vars ${v}: not valid JSON/YAML: ${(err as Error).message.split('\n')[0] ?? ''}`, { hint: 'quote the whole value for the shell, e.g. -e \'{"port": 5060}\'' });
      }
      Object.assign(out, asMapping(data, v));
    } else {
      const { parseKv } = await import('../playbook/kv.js');
      try {
        Object.assign(out, parseKv(v));
      } catch (err) {
        throw new OptionsError(`--extra-vars: ${(err as Error).message}`, { hint: 'use -e key=value, -e \'{"k": "v"}\' or -e @file.yml' });
      }
    }
  }
  return out;
}

function asMapping(data: unknown, what: string): Record<string, unknown> {
  if (data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new OptionsError(`--extra-vars ${what}: expected a mapping`);
  return data as Record<string, unknown>;
}
