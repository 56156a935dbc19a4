import type { RunEvent } from '../executor/events.js';
import { ansi, formatDiff, noColors, type Colors } from './diff.js';
import { formatRecap } from './recap.js';

export interface Writer {
  write(text: string): void;
}

/** Ansible's default output, line by line: for pipes, logs and CI (and under -v on a TTY). */
export class PlainReporter {
  private readonly c: Colors;
  private check = false;

  constructor(
    private readonly out: Writer,
    private readonly opts: { color: boolean; verbosity: number },
  ) {
    this.c = opts.color ? ansi : noColors;
  }

  handle(e: RunEvent): void {
    const c = this.c;
    switch (e.type) {
      case 'playbook_start':
        this.check = e.check;
        if (e.check) this.out.write(c.bold('DRY RUN ' + '*'.repeat(72)) + '\n\n');
        break;
      case 'play_start':
        this.out.write(banner(`PLAY [${e.play}]${this.check ? ' [CHECK MODE]' : ''}`) + '\n');
        break;
      case 'play_no_hosts':
        this.out.write(banner(`PLAY [${e.play}]`) + '\n' + c.yellow(`skipping: no hosts matched "${e.pattern}"`) + '\n\n');
        break;
      case 'task_start':
        this.out.write(banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.task}]${this.check ? ' [CHECK MODE]' : ''}`) + '\n');
        break;
      case 'task_end':
        this.out.write('\n');
        break;
      case 'result':
        this.out.write(this.resultLine(e));
        break;
      case 'warning':
        this.out.write(c.yellow(`[WARNING]: ${e.message}`) + '\n');
        break;
      case 'host_error':
        this.out.write(c.red(`ERROR! [${e.host}] ${e.message}`) + '\n');
        break;
      case 'recap':
        this.out.write(formatRecap(e, c));
        break;
    }
  }

  private resultLine(e: Extract<RunEvent, { type: 'result' }>): string {
    const c = this.c;
    const item = e.item === null ? '' : ` => (item=${typeof e.item === 'string' ? e.item : JSON.stringify(e.item)})`;
    let text = '';
    for (const d of e.diff ?? []) text += formatDiff(d, c);
    // setup's facts are not printed at -v (Ansible's _ansible_verbose_override); play exec shows them
    const detail = this.opts.verbosity > 0 && e.action !== 'setup' ? ` => ${JSON.stringify(e.result)}` : '';
    switch (e.status) {
      case 'ok':
        text += c.green(`ok: [${e.host}]${item}`) + detailOr(detail, e) + '\n';
        break;
      case 'changed':
        text += c.yellow(`changed: [${e.host}]${item}`) + detailOr(detail, e) + '\n';
        break;
      case 'skipped':
        text += c.cyan(`skipping: [${e.host}]${item}`) + '\n';
        break;
      case 'unreachable':
        text += c.red(`fatal: [${e.host}]: UNREACHABLE! => ${JSON.stringify({ changed: false, msg: e.msg, unreachable: true })}`) + '\n';
        if (e.ignored) text += c.cyan('...ignoring') + '\n';
        break;
      case 'failed':
        text += c.red(`${item ? 'failed' : 'fatal'}: [${e.host}]${item}: FAILED! => ${JSON.stringify(failureSummary(e.result, this.opts.verbosity))}`) + '\n';
        if (e.ignored) text += c.cyan('...ignoring') + '\n';
        break;
    }
    if (this.opts.verbosity > 1) text += sentLines(e, this.opts.verbosity, this.check, c);
    return text;
  }
}

/**
 * -vv: each command as it was sent to the host (secrets masked); -vvv adds where it went, as
 * whom, its exit code and time. In check mode the changes that were not sent are listed as such.
 */
function sentLines(e: Extract<RunEvent, { type: 'result' }>, verbosity: number, check: boolean, c: Colors): string {
  let text = '';
  for (const s of e.sent) {
    text += c.dim(`  <${e.host}> ${s.command}`) + '\n';
    if (verbosity > 2) {
      const detail = [`via ${s.connection}`, s.become ? `become: ${s.become}` : '', s.rc === null ? '' : `rc=${s.rc}`, `${s.ms} ms`].filter(Boolean);
      text += c.dim(`    (${detail.join(', ')})`) + '\n';
    }
  }
  if (check) for (const cmd of e.commands) text += c.dim(`  <${e.host}> not sent (check mode): ${cmd}`) + '\n';
  return text;
}

function detailOr(detail: string, e: Extract<RunEvent, { type: 'result' }>): string {
  // debug's output is laid out as Ansible does at every verbosity: indented structure
  if (detail && e.action !== 'debug') return detail;
  if (e.action !== 'debug' && !e.show) return '';
  // debug's (and a loud assert's) output is the point of the task: show it like Ansible does,
  // which leaves out debug's changed flag
  const { changed: _c, ...rest } = e.result;
  return ` => ${JSON.stringify(e.action === 'debug' ? rest : { changed: e.changed, ...rest }, null, 4)}`;
}

function failureSummary(result: Record<string, unknown>, verbosity: number): Record<string, unknown> {
  if (verbosity > 0) return result;
  const keep = ['changed', 'msg', 'message', 'rc', 'stdout', 'stderr', 'cmd', 'assertion', 'evaluated_to', 'results'];
  return Object.fromEntries(Object.entries(result).filter(([k]) => keep.includes(k)));
}

export function banner(title: string): string {
  return `${title} ${'*'.repeat(Math.max(3, 79 - title.length))}`;
}
