import { Listr, type ListrTask } from 'listr2';
import type { RunEvent } from '../executor/events.js';
import { ansi, formatDiff } from './diff.js';
import type { Writer } from './plain.js';
import { banner } from './plain.js';
import { formatRecap } from './recap.js';

type ResultEvent = Extract<RunEvent, { type: 'result' }>;

interface Pending {
  results: ResultEvent[];
  resolve(): void;
  done: Promise<void>;
}

/**
 * Live progress on a terminal with listr2: each task is a list of its hosts, spinning until their
 * result arrives. Everything else (banners, diffs, recap) is written between the task lists, in
 * event order, through one promise chain so nothing interleaves.
 */
export class TtyReporter {
  private chain: Promise<void> = Promise.resolve();
  private current: Map<string, Pending> | undefined;
  private check = false;

  constructor(private readonly out: Writer) {}

  handle(e: RunEvent): void {
    switch (e.type) {
      case 'playbook_start':
        this.check = e.check;
        break;
      case 'play_start':
        this.print(ansi.bold(banner(`PLAY [${e.play}]${this.check ? ' [CHECK MODE]' : ''}`)) + '\n');
        break;
      case 'play_no_hosts':
        this.print(ansi.yellow(`PLAY [${e.play}]: skipping, no hosts matched "${e.pattern}"`) + '\n');
        break;
      case 'task_start':
        this.startTask(e);
        break;
      case 'result':
        this.current?.get(e.host)?.results.push(e);
        if (e.item === null) this.current?.get(e.host)?.resolve();
        break;
      case 'task_end':
        for (const p of this.current?.values() ?? []) p.resolve();
        this.current = undefined;
        break;
      case 'warning':
        this.print(ansi.yellow(`[WARNING]: ${e.message}`) + '\n');
        break;
      case 'recap':
        this.print('\n' + formatRecap(e, ansi));
        break;
    }
  }

  /** Resolves when everything received so far has been rendered. */
  flush(): Promise<void> {
    return this.chain;
  }

  private print(text: string): void {
    this.chain = this.chain.then(() => this.out.write(text));
  }

  private startTask(e: Extract<RunEvent, { type: 'task_start' }>): void {
    const pending = new Map<string, Pending>();
    for (const h of e.hosts) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      pending.set(h, { results: [], resolve, done });
    }
    this.current = pending;
    const hostTasks: ListrTask[] = e.hosts.map((h) => ({
      title: h,
      task: async (_ctx, t): Promise<void> => {
        const p = pending.get(h) as Pending;
        await p.done;
        const last = p.results.at(-1);
        if (!last) {
          t.skip(`${h}: not run`);
          return;
        }
        const changed = p.results.some((r) => r.changed);
        const items = p.results.filter((r) => r.item !== null).length;
        const suffix = items ? ` (${items} items)` : '';
        if (p.results.some((r) => r.status === 'failed' && !r.ignored) || last.status === 'unreachable') {
          throw new Error(`${h}: ${last.status === 'unreachable' ? 'UNREACHABLE' : 'FAILED'}: ${last.msg ?? ''}`);
        }
        if (p.results.every((r) => r.status === 'skipped')) t.skip(`${h}: skipped`);
        else t.title = changed ? ansi.yellow(`${h}: changed${suffix}`) : ansi.green(`${h}: ok${suffix}`);
      },
    }));
    const title = `${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.task}]`;
    const list = new Listr([{ title, task: (_ctx, t) => t.newListr(hostTasks, { concurrent: true, exitOnError: false }) }], {
      exitOnError: false,
      rendererOptions: { collapseSubtasks: e.hosts.length > 12, collapseErrors: false, collapseSkips: false },
    });
    this.chain = this.chain.then(async () => {
      await list.run().catch(() => undefined);
      const diffs = [...pending.values()].flatMap((p) => p.results.flatMap((r) => r.diff ?? []));
      for (const d of diffs) this.out.write(formatDiff(d, ansi));
    });
  }
}
