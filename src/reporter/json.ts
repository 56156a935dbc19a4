import type { RunEvent } from '../executor/events.js';
import type { Writer } from './plain.js';

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
    if (e.type === 'result') {
      this.line({
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
        ...(this.verbose ? { result: e.result } : {}),
      });
    } else if (e.type === 'recap') {
      this.line({ event: 'recap', hosts: e.hosts, round_trips: e.roundTrips });
    } else if (e.type === 'warning') {
      this.line({ event: 'warning', msg: e.message });
    } else if (e.type === 'play_no_hosts') {
      this.line({ event: 'warning', msg: `no hosts matched "${e.pattern}" in play "${e.play}"` });
    }
  }

  private line(obj: unknown): void {
    this.out.write(JSON.stringify(obj) + '\n');
  }
}
