/**
 * Compares the per-task results of one case under both tools. A task result is keyed by its task
 * name and its occurrence ("show x#0", "show x#1" for a loop's items); what is compared is its
 * status, and for debug tasks the value shown (msg, or the variable of `var:`). The recap is
 * compared as one more result.
 */
import type { ToolRun } from './run-tools.js';

export interface Difference {
  key: string;
  ansible: string;
  play: string;
}

export interface CaseComparison {
  compared: number;
  identical: number;
  differences: Difference[];
}

interface Comparable {
  status: string;
  shown: string | undefined;
}

/** Sorted-key JSON: the same value prints the same whatever the key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/**
 * A debug value as text. play's reporter prints a non-string msg as JSON text, Ansible keeps its
 * type: both sides are compared as text, and text that is JSON is compared by value.
 */
function shownText(v: unknown): string {
  if (typeof v === 'string') {
    if (/^[[{]/.test(v)) {
      try {
        return canonical(JSON.parse(v));
      } catch {
        return v;
      }
    }
    return v;
  }
  return canonical(v);
}

const RESULT_KEYS = new Set(['changed', 'failed', 'skipped', 'item', 'ansible_loop_var', 'skip_reason', 'skipped_reason']);

function shownValue(result: Record<string, unknown>): string | undefined {
  if ('msg' in result) return shownText(result.msg);
  const varKey = Object.keys(result).find((k) => !k.startsWith('_') && !RESULT_KEYS.has(k) && k !== 'ansible_loop' && k !== 'ansible_index_var');
  return varKey === undefined ? undefined : `${varKey}=${shownText(result[varKey])}`;
}

function keyed(run: ToolRun): Map<string, { line: Record<string, unknown>; action: string | undefined }> {
  const seen = new Map<string, number>();
  const out = new Map<string, { line: Record<string, unknown>; action: string | undefined }>();
  for (const line of run.lines) {
    if (line.event !== 'result') continue;
    // results of hosts other than the one test host are told apart by host (their order may vary)
    const task = line.host === undefined || line.host === 'testhost' ? String(line.task) : `${String(line.task)} [${String(line.host)}]`;
    const n = seen.get(task) ?? 0;
    seen.set(task, n + 1);
    out.set(`${task}#${n}`, { line, action: typeof line.action === 'string' ? line.action : undefined });
  }
  return out;
}

function comparable(line: Record<string, unknown>, debug: boolean): Comparable {
  const status = String(line.status);
  const result = (line.result ?? {}) as Record<string, unknown>;
  return { status, shown: debug && status !== 'skipped' && status !== 'failed' ? shownValue(result) : undefined };
}

function describe(c: Comparable | undefined): string {
  if (!c) return '(no result)';
  return c.shown === undefined ? c.status : `${c.status} ${c.shown}`;
}

function recapOf(run: ToolRun): string {
  const recap = run.lines.find((l) => l.event === 'recap');
  const hosts = (recap?.hosts ?? {}) as Record<string, Record<string, number>>;
  const counts = Object.entries(hosts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([h, s]) => `${h} ok=${s.ok} changed=${s.changed} unreachable=${s.unreachable} failed=${s.failed} skipped=${s.skipped} rescued=${s.rescued} ignored=${s.ignored}`);
  return `${run.code === 0 ? 'success' : 'failure'}${recap ? '' : ' (no recap)'}${counts.length ? ': ' : ''}${counts.join('; ')}`;
}

export function compareRuns(ansible: ToolRun, play: ToolRun): CaseComparison {
  const a = keyed(ansible);
  const p = keyed(play);
  const differences: Difference[] = [];
  let compared = 0;
  for (const key of new Set([...a.keys(), ...p.keys()])) {
    compared++;
    const debug = (a.get(key)?.action ?? 'debug') === 'debug';
    const av = a.get(key);
    const pv = p.get(key);
    const ac = av && comparable(av.line, debug);
    const pc = pv && comparable(pv.line, debug);
    const at = describe(ac);
    const pt = describe(pc);
    if (at !== pt) differences.push({ key, ansible: at, play: pt });
  }
  compared++;
  const ar = recapOf(ansible);
  const pr = recapOf(play);
  if (ar !== pr) differences.push({ key: 'recap', ansible: ar, play: pr });
  return { compared, identical: compared - differences.length, differences };
}
