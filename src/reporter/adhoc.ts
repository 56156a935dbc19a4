import type { RunEvent } from '../executor/events.js';
import { ansi, formatDiff, noColors, type Colors } from './diff.js';
import type { Writer } from './plain.js';

type ResultEvent = Extract<RunEvent, { type: 'result' }>;

/** Modules whose output is text, printed as `host | CHANGED | rc=0 >>` (Ansible's C.MODULE_NO_JSON). */
const TEXT_MODULES = new Set(['command', 'shell', 'raw', 'script']);
/** Facts setup returns unprefixed in ansible_facts; `ansible -m setup` prints them as setup names them. */
const UNPREFIXED_SETUP_KEYS = new Set(['gather_subset', 'module_setup']);

/**
 * `play exec`'s output, as the `ansible` command prints it (its `minimal` callback): one block per
 * host, `host | CHANGED | rc=0 >>` and the output for commands, `host | SUCCESS => {…}` (keys
 * sorted, four-space indent) for every other module. No banners and no recap.
 */
export class AdhocReporter {
  private readonly c: Colors;

  constructor(
    private readonly out: Writer,
    private readonly err: Writer,
    opts: { color: boolean },
  ) {
    this.c = opts.color ? ansi : noColors;
  }

  handle(e: RunEvent): void {
    if (e.type === 'result') this.out.write(this.format(e));
    else if (e.type === 'warning') this.err.write(this.c.yellow(`[WARNING]: ${e.message}`) + '\n');
    else if (e.type === 'play_no_hosts') this.err.write(this.c.yellow(`[WARNING]: No hosts matched "${e.pattern}", nothing to do`) + '\n');
  }

  private format(e: ResultEvent): string {
    const c = this.c;
    let text = (e.diff ?? []).map((d) => formatDiff(d, c)).join('');
    const result = shownResult(e);
    switch (e.status) {
      case 'skipped':
        return text + c.cyan(`${e.host} | SKIPPED`) + '\n';
      case 'unreachable':
        return text + c.red(`${e.host} | UNREACHABLE! => ${dump({ changed: false, msg: e.msg, unreachable: true })}`) + '\n';
      case 'failed': {
        const body = TEXT_MODULES.has(e.action) && 'rc' in result ? commandText(e.host, 'FAILED', result) : `${e.host} | FAILED! => ${dump(result)}\n`;
        return text + c.red(body);
      }
      default: {
        const caption = e.status === 'changed' ? 'CHANGED' : 'SUCCESS';
        const color = e.status === 'changed' ? c.yellow : c.green;
        text += TEXT_MODULES.has(e.action) && 'rc' in result ? color(commandText(e.host, caption, result)) : color(`${e.host} | ${caption} => ${dump(result)}`) + '\n';
        return text;
      }
    }
  }
}

/** The result as `ansible` prints it: with `changed` (but not for debug), setup's facts under setup's names. */
function shownResult(e: ResultEvent): Record<string, unknown> {
  const { changed: _changed, ...rest } = e.result;
  const out: Record<string, unknown> = e.action === 'debug' ? rest : { changed: e.changed, ...rest };
  const facts = out.ansible_facts;
  if (e.action === 'setup' && facts && typeof facts === 'object' && !Array.isArray(facts)) {
    out.ansible_facts = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k.startsWith('ansible_') || UNPREFIXED_SETUP_KEYS.has(k) ? k : `ansible_${k}`, v]));
  }
  return out;
}

function commandText(host: string, caption: string, r: Record<string, unknown>): string {
  const text = (k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '');
  return `${host} | ${caption} | rc=${String(r.rc ?? -1)} >>\n${text('stdout')}${text('stderr')}${text('msg')}\n`;
}

/** json.dumps(indent=4, sort_keys=True), as Ansible's callbacks print results. */
export function dump(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}
