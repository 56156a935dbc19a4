import type { RunEvent } from '../executor/events.js';
import type { Writer } from './plain.js';

/**
 * `--json`: JSON Lines on stdout and nothing else. One line per task result and one recap line;
 * the schema is documented in docs/json-output.md and fixed by tests.
 */
export class JsonReporter {
  constructor(private readonly out: Writer) {}

  handle(e: RunEvent): void {
    const line = jsonLine(e);
    if (line) this.line(line);
  }

  private line(obj: unknown): void {
    this.out.write(JSON.stringify(obj) + '\n');
  }
}

/** The `--json` line of an event (undefined for events the JSON Lines output leaves out). */
export function jsonLine(e: RunEvent): Record<string, unknown> | undefined {
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
      };
    case 'plan':
      return { event: 'plan', host: e.host, task: e.task, action: e.action, plan: e.plan };
    case 'recap':
      return { event: 'recap', hosts: e.hosts, round_trips: e.roundTrips };
    case 'warning':
      return { event: 'warning', msg: e.message };
    case 'play_no_hosts':
      return { event: 'warning', msg: `no hosts matched "${e.pattern}" in play "${e.play}"` };
    default:
      return undefined;
  }
}
