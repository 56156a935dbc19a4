import type { RunEvent } from '../executor/events.js';
import type { Writer } from './plain.js';

/** Longer texts keep their head and tail around a marker that says how much was cut. */
export const MAX_TEXT = 4000;

export function truncated(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  const keep = Math.floor(max / 2);
  return `${text.slice(0, keep)}\n[... ${text.length - 2 * keep} characters cut ...]\n${text.slice(-keep)}`;
}

/** A copy with every long string truncated; the _lines lists are left out (stdout/stderr say it). */
function truncatedFields(value: unknown): unknown {
  if (typeof value === 'string') return truncated(value);
  if (Array.isArray(value)) return value.map(truncatedFields);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'stdout_lines' && k !== 'stderr_lines') out[k] = truncatedFields(v);
    return out;
  }
  return value;
}

/** What a failed result adds: rc, stdout and stderr (null when the module has none), and all its fields. */
function failureFields(result: Record<string, unknown>): Record<string, unknown> {
  const text = (v: unknown): string | null => (typeof v === 'string' ? truncated(v) : null);
  return { rc: typeof result.rc === 'number' ? result.rc : null, stdout: text(result.stdout), stderr: text(result.stderr), result: truncatedFields(result) };
}

/**
 * `--json`: JSON Lines on stdout and nothing else. One line per task result and one recap line;
 * the schema is documented in docs/json-output.md and fixed by tests.
 */
export class JsonReporter {
  /** With `verbose`, each result line also carries the task's full (masked) result, as Ansible's -v shows it. */
  constructor(
    private readonly out: Writer,
    private readonly verbose = false,
  ) {}

  handle(e: RunEvent): void {
    const line = jsonLine(e, this.verbose);
    if (line) this.line(line);
  }

  private line(obj: unknown): void {
    this.out.write(JSON.stringify(obj) + '\n');
  }
}

/** The `--json` line of an event (undefined for events the JSON Lines output leaves out). */
export function jsonLine(e: RunEvent, verbose = false): Record<string, unknown> | undefined {
  switch (e.type) {
    case 'result':
      return {
        event: 'result',
        play: e.play,
        task: e.task,
        role: e.role,
        host: e.host,
        item: e.item,
        status: e.status,
        changed: e.changed,
        msg: e.msg,
        diff: e.diff ? e.diff.map((d) => ({ path: d.path, before: d.before, after: d.after })) : null,
        ...(e.status === 'failed' ? failureFields(e.result) : verbose ? { result: e.result } : {}),
      };
    case 'plan':
      return { event: 'plan', host: e.host, task: e.task, action: e.action, plan: e.plan };
    case 'recap':
      return { event: 'recap', hosts: e.hosts, round_trips: e.roundTrips };
    case 'warning':
      return { event: 'warning', msg: e.message };
    case 'host_error':
      return { event: 'error', host: e.host, msg: e.message };
    case 'play_no_hosts':
      return { event: 'warning', msg: `no hosts matched "${e.pattern}" in play "${e.play}"` };
    default:
      return undefined;
  }
}
