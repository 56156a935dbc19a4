import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Vars } from '../template/types.js';
import { setOwn } from '../util/own-props.js';

/**
 * Facts kept between runs: Ansible's `jsonfile` cache plugin, file for file — one JSON file per
 * host in fact_caching_connection, named as the host, holding the facts under their variable
 * names (setup's ansible_*, cacheable set_fact's own), mode 0600, expired fact_caching_timeout seconds after it was written (0:
 * never). ansible-playbook and play read each other's caches.
 */
export interface FactCache {
  /** The host's cached entry, or undefined when absent or expired. */
  get(host: string): CachedFacts | undefined;
  set(host: string, entry: CachedFacts): void;
  flush(host: string): void;
}

/**
 * A cache entry as Ansible keeps it: facts under the names they have as variables (setup's
 * `ansible_*`, a `set_fact: cacheable` fact's own name), and whether setup gathered them
 * (`_ansible_facts_gathered`, what `gathering: smart` asks).
 */
export interface CachedFacts {
  facts: Vars;
  gathered: boolean;
}

export class JsonFileFactCache implements FactCache {
  constructor(
    private readonly dir: string,
    private readonly timeoutS: number,
    private readonly now: () => number = Date.now,
  ) {}

  private file(host: string): string {
    return path.join(this.dir, host);
  }

  get(host: string): CachedFacts | undefined {
    let text: string;
    try {
      const st = statSync(this.file(host));
      if (this.timeoutS > 0 && this.now() - st.mtimeMs > this.timeoutS * 1000) return undefined;
      text = readFileSync(this.file(host), 'utf8');
    } catch {
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined; // a torn or foreign file is a miss, as in Ansible: the host is gathered again
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const facts: Vars = {};
    for (const [k, v] of Object.entries(data)) if (!k.startsWith('_ansible')) setOwn(facts, k, v);
    return { facts, gathered: (data as Record<string, unknown>)._ansible_facts_gathered === true };
  }

  set(host: string, entry: CachedFacts): void {
    const out: Record<string, unknown> = entry.gathered ? { _ansible_facts_gathered: true } : {};
    for (const k of Object.keys(entry.facts).sort()) setOwn(out, k, entry.facts[k]);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // written whole, then renamed: a reader never sees half a file
    const tmp = `${this.file(host)}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(sortedKeys(out), null, 4)}`, { mode: 0o600 });
    renameSync(tmp, this.file(host));
  }

  flush(host: string): void {
    rmSync(this.file(host), { force: true });
  }
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]),
  );
}
