import { parseIni } from '../util/ini.js';
import type { GatherOutput } from './gather-output.js';

/**
 * ansible_local: each `NAME.fact` of the fact path (default /etc/ansible/facts.d) — its output
 * when it is executable, else its content — read as JSON, else as INI (a dict per section), else
 * Ansible's error text as the value. Data from the host: it is never a template.
 */
export function localFacts(out: GatherOutput, factPath: string): Record<string, unknown> {
  const local: Record<string, unknown> = {};
  for (const [section, lines] of out.sections) {
    if (!section.startsWith('local ')) continue;
    const name = section.slice('local '.length);
    local[name] = parseLocalFact(lines.join('\n').trim(), `${factPath}/${name}.fact`);
  }
  return local;
}

export function parseLocalFact(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // not JSON: INI, as Ansible's configparser reads it
  }
  const ini = parseIni(text);
  if ('entries' in ini && ini.entries.length > 0) {
    const out: Record<string, Record<string, string>> = {};
    for (const e of ini.entries) (out[e.section] ??= {})[e.key] = e.value;
    return out;
  }
  return `error loading facts as JSON or ini - please check content: ${file}`;
}
