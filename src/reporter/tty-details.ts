import type { RunEvent } from '../executor/events.js';
import { ansi, formatDiff } from './diff.js';

type ResultEvent = Extract<RunEvent, { type: 'result' }>;

/** How many lines of a failed command's stderr and stdout the terminal keeps (the end). */
export const TAIL_LINES = 10;

/**
 * What stays on the terminal under a task once its live list is done, for one host: debug (and
 * assert) messages, failures with their rc and the tails of stderr and stdout (ignored ones
 * marked so), and diffs, each labelled with the host.
 */
export function hostDetails(host: string, results: readonly ResultEvent[]): string {
  let text = '';
  for (const r of results) {
    const label = r.item === null ? host : `${host} (item=${itemText(r.item)})`;
    if (r.status === 'failed' || r.status === 'unreachable') text += failure(label, r);
    else if ((r.action === 'debug' || r.show) && r.status !== 'skipped') text += message(label, r);
    for (const d of r.diff ?? []) {
      const diff = formatDiff(d, ansi);
      if (diff) text += ansi.bold(`  [${host}] ${d.path}`) + '\n' + diff;
    }
  }
  return text;
}

/** The one line a host gets in the live list when its task failed. */
export function failureTitle(host: string, r: ResultEvent): string {
  const what = `${r.status === 'unreachable' ? 'UNREACHABLE' : 'FAILED'}${r.ignored ? ' (ignored)' : ''}`;
  const rc = typeof r.result.rc === 'number' ? ` rc=${r.result.rc}` : '';
  return `${host}: ${what}${rc}: ${firstLine(r.msg ?? '')}`;
}

function failure(label: string, r: ResultEvent): string {
  const colour = r.ignored ? ansi.yellow : ansi.red;
  let text = colour(`  ${failureTitle(label, r)}`) + '\n';
  const msg = r.msg ?? '';
  if (msg.includes('\n')) text += indent(msg.split('\n').slice(1).join('\n'), '    ') + '\n';
  for (const stream of ['stderr', 'stdout'] as const) {
    const value = r.result[stream];
    if (typeof value === 'string' && value.trim() !== '') text += tail(stream, value);
  }
  if (r.ignored) text += ansi.cyan('    ...ignoring') + '\n';
  return text;
}

function tail(stream: string, value: string): string {
  const lines = value.replace(/\n$/, '').split('\n');
  const shown = lines.slice(-TAIL_LINES);
  const cut = lines.length - shown.length;
  let text = ansi.dim(`    ${stream}${cut ? ` (last ${shown.length} of ${lines.length} lines)` : ''}:`) + '\n';
  for (const l of shown) text += `      ${l}\n`;
  return text;
}

/** What a loop adds to each item's result; the item is in the label already. */
const LOOP_KEYS = new Set(['changed', 'item', 'ansible_loop_var', 'ansible_index_var', 'ansible_loop']);

/** debug's msg as text, a var or a structure as Ansible lays it out (indented JSON). */
function message(label: string, r: ResultEvent): string {
  const rest = Object.fromEntries(Object.entries(r.result).filter(([k]) => !LOOP_KEYS.has(k)));
  const keys = Object.keys(rest);
  if (keys.length === 1 && keys[0] === 'msg' && typeof rest.msg === 'string') {
    const [first = '', ...more] = rest.msg.split('\n');
    return `  ${ansi.green(label)}: ${first}\n` + more.map((l) => `    ${l}\n`).join('');
  }
  return `  ${ansi.green(label)}: ${indent(JSON.stringify(rest, null, 4), '  ').trimStart()}\n`;
}

function itemText(item: unknown): string {
  return typeof item === 'string' ? item : JSON.stringify(item);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
