import { createHash } from 'node:crypto';
import type { FileState } from '../facts/file.js';
import type { Apply, Change, ControllerStep, Effect, Plan } from '../modules/types.js';

/**
 * A plan as plain JSON (`--plan-json`, the `plan` event): commands as the shell would get them,
 * file contents as text when they are text (else size and sha1 only), modes in octal. The
 * executor masks it like every other event before anyone sees it.
 */
export interface PlanData {
  changed: boolean;
  skipped: boolean;
  msg: string | null;
  changes: ChangeData[];
  result: Record<string, unknown>;
}

export interface ContentData {
  bytes: number;
  sha1: string;
  /** The content, when it is UTF-8 text of at most TEXT_LIMIT bytes. */
  text?: string;
}

export type ApplyData =
  | { kind: 'exec'; command: string; stdin?: ContentData; ok_codes?: number[]; cwd?: string; timeout_ms?: number; result_fields?: string[] }
  | { kind: 'put'; path: string; mode?: string; content: ContentData }
  | { kind: 'controller'; step: Record<string, unknown> };

export interface ChangeData {
  describe: string;
  apply: ApplyData;
  effects: Record<string, unknown>[];
  leaves?: { path: string; mode?: string; content: ContentData }[];
}

const TEXT_LIMIT = 64 * 1024;

export function planData(plan: Plan): PlanData {
  return {
    changed: plan.changed ?? plan.changes.length > 0,
    skipped: plan.skipped === true,
    msg: plan.msg ?? null,
    changes: plan.changes.map(changeData),
    result: plan.result ?? {},
  };
}

function changeData(change: Change): ChangeData {
  const out: ChangeData = { describe: change.describe, apply: applyData(change.apply), effects: (change.effects ?? []).map(effectData) };
  if (change.leaves?.length) out.leaves = change.leaves.map((l) => ({ path: l.path, ...modeField(l.mode), content: contentData(l.content) }));
  return out;
}

function applyData(a: Apply): ApplyData {
  if (a.kind === 'put') return { kind: 'put', path: a.path, ...modeField(a.mode), content: contentData(a.content) };
  if (a.kind === 'controller') return { kind: 'controller', step: stepData(a.step) };
  const out: ApplyData = { kind: 'exec', command: a.command.render() };
  if (a.stdin !== undefined) out.stdin = contentData(Buffer.from(a.stdin));
  if (a.okCodes) out.ok_codes = [...a.okCodes];
  if (a.cwd !== undefined) out.cwd = a.cwd;
  if (a.timeoutMs !== undefined) out.timeout_ms = a.timeoutMs;
  if (a.resultFields) out.result_fields = [...a.resultFields];
  return out;
}

/** A step's data as JSON: a command as the shell gets it, stdin as content. */
function stepData(step: ControllerStep): Record<string, unknown> {
  if (step.name !== 'async_job') return { ...step };
  const { launch, stdin, ...rest } = step;
  return { ...rest, launch: launch.render(), ...(stdin === undefined ? {} : { stdin: contentData(Buffer.from(stdin)) }) };
}

function effectData(e: Effect): Record<string, unknown> {
  if (e.kind === 'fact') return { kind: 'fact', key: e.key, value: e.value };
  return { kind: 'file', path: e.path, state: fileStateData(e.state) };
}

function fileStateData(state: FileState): Record<string, unknown> {
  const { content, ...rest } = state as FileState & { content?: Buffer; mode?: number };
  const out: Record<string, unknown> = { ...rest };
  if (typeof rest.mode === 'number') out.mode = octal(rest.mode);
  if (content !== undefined) out.content = contentData(content);
  return out;
}

function modeField(mode: number | undefined): { mode?: string } {
  return mode === undefined ? {} : { mode: octal(mode) };
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

export function contentData(content: Buffer): ContentData {
  const out: ContentData = { bytes: content.length, sha1: createHash('sha1').update(content).digest('hex') };
  if (content.length <= TEXT_LIMIT && !content.includes(0)) {
    try {
      out.text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      /* not text: size and sha1 say what it is */
    }
  }
  return out;
}
