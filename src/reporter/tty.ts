import { Listr, type ListrTask } from 'listr2';
import type { RunEvent } from '../executor/events.js';
import { ansi } from './diff.js';
import type { Writer } from './plain.js';
import { banner } from './plain.js';
import { formatRecap } from './recap.js';
import { failureTitle, hostDetails } from './tty-details.js';

type ResultEvent = Extract<RunEvent, { type: 'result' }>;

interface Pending {
  results: ResultEvent[];
  resolve(): void;
  done: Promise<void>;
  /** Shows the latest result under the host while the task runs (loop items, messages). */
  progress?: ((r: ResultEvent) => void) | undefined;
}

/**
 * Live progress on a terminal with listr2: each task is a list of its hosts, one line each,
 * spinning until their result arrives; while it runs, a host's latest item or message shows
 * under it. When the task ends the live details collapse, and what must stay is written under the
 * list (tty-details.ts): messages, failures with rc and the tails of stderr and stdout, diffs,
 * each with its host. Everything else (banners, warnings, recap) is written between the task
 * lists, in event order, through one promise chain so nothing interleaves; `flush` lets a
 * --step prompt wait until the screen is complete.
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
      case 'result': {
        const pending = this.current?.get(e.host);
        pending?.results.push(e);
        pending?.progress?.(e);
        if (e.item === null) pending?.resolve();
        break;
      }
      case 'task_end':
        for (const p of this.current?.values() ?? []) p.resolve();
        this.current = undefined;
        break;
      case 'warning':
        this.print(ansi.yellow(`[WARNING]: ${e.message}`) + '\n');
        break;
      case 'host_error':
        this.print(ansi.red(`ERROR! [${e.host}] ${e.message}`) + '\n');
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
        p.progress = (r) => {
          t.output = progressLine(r);
        };
        await p.done;
        const last = p.results.at(-1);
        if (!last) {
          t.skip(`${h}: not run`);
          return;
        }
        const changed = p.results.some((r) => r.changed);
        const items = p.results.filter((r) => r.item !== null).length;
        const suffix = items ? ` (${items} items)` : '';
        const failed = p.results.find((r) => r.status === 'unreachable') ?? p.results.find((r) => r.status === 'failed' && !r.ignored);
        if (failed) throw new Error(failureTitle(h, failed));
        const ignored = p.results.find((r) => r.status === 'failed' && r.ignored);
        if (ignored) t.title = ansi.yellow(failureTitle(h, ignored));
        else if (p.results.every((r) => r.status === 'skipped')) t.skip(`${h}: skipped`);
        else t.title = changed ? ansi.yellow(`${h}: changed${suffix}`) : ansi.green(`${h}: ok${suffix}`);
      },
    }));
    const title = `${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.task}]`;
    const list = new Listr([{ title, task: (_ctx, t) => t.newListr(hostTasks, { concurrent: true, exitOnError: false }) }], {
      exitOnError: false,
      // one line per host: a skip or a failure replaces the host's title
      rendererOptions: { collapseSubtasks: e.hosts.length > 12, collapseErrors: true, collapseSkips: true },
    });
    this.chain = this.chain.then(async () => {
      await list.run().catch(() => undefined);
      for (const [host, p] of pending) this.out.write(hostDetails(host, p.results));
    });
  }
}

/** The live line under a running host: its latest item's status, or its latest message. */
function progressLine(r: ResultEvent): string {
  const item = r.item === null ? '' : `item=${typeof r.item === 'string' ? r.item : JSON.stringify(r.item)}: `;
  return `${item}${r.status}${r.msg ? ` ${r.msg.split('\n')[0] ?? ''}` : ''}`;
}
