/**
 * A real target for end-to-end module tests: the controller itself through LocalConnection,
 * plus a tiny applier that carries out a plan's changes the way the executor does.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sh } from '../../src/connection/command.js';
import { LocalConnection } from '../../src/connection/local.js';
import type { Connection } from '../../src/connection/types.js';
import { fileStat } from '../../src/facts/file.js';
import { UMASK_COMMAND, parseUmask } from '../../src/facts/umask.js';
import { ModuleError } from '../../src/errors.js';
import { parseModuleArgs } from '../../src/modules/arg-spec.js';
import type { ModuleContext, ModuleDefinition, Plan } from '../../src/modules/types.js';
import { runControllerStep } from '../../src/executor/controller-steps.js';
import { isControllerFact } from '../../src/facts/types.js';

export function localContext(opts: { localRoot?: string; vars?: Record<string, unknown>; diff?: boolean } = {}): ModuleContext {
  const conn = new LocalConnection();
  const vars = opts.vars ?? {};
  const ctx: ModuleContext = {
    host: { name: 'localhost', vars },
    diff: opts.diff ?? true,
    verbosity: 0,
    offline: false,
    connection: conn,
    async fact(fact, args, access = {}) {
      if (isControllerFact(fact)) return fact.read(args, access);
      return fact.parse(await conn.exec(fact.command(args)), args);
    },
    stat(path, o) {
      return ctx.fact(fileStat, { path, ...o });
    },
    async umask() {
      const umask = parseUmask((await conn.exec(UMASK_COMMAND)).stdout);
      if (umask === undefined) throw new Error('cannot read the umask');
      return umask;
    },
    async readFile(path) {
      const res = await conn.exec(sh`[ -f ${path} ] || exit 3; cat -- ${path}`);
      return res.rc === 0 ? res.stdoutBytes : null;
    },
    probe(command, o) {
      return conn.exec(command, { stdin: o?.stdin });
    },
    findLocal(kind, name) {
      return Promise.resolve(join(opts.localRoot ?? '/nonexistent', kind, name));
    },
    readLocal(path) {
      return readFile(path);
    },
    async renderTemplate(path) {
      return renderVars((await readFile(path)).toString('utf8'), vars);
    },
    renderString(text) {
      return renderVars(text, vars);
    },
    evaluate(expr) {
      return vars[expr.trim()];
    },
    isTrue(cond) {
      return Boolean(vars[cond.trim()]);
    },
    warn() {},
  };
  return ctx;
}

export interface Applied {
  rc?: number;
  stdout?: string;
  stderr?: string;
}

/** Runs every change of a plan in order; a failing exec throws as the executor would fail the task. */
export async function applyPlan(plan: Plan, conn: Connection = new LocalConnection()): Promise<Applied[]> {
  const out: Applied[] = [];
  for (const change of plan.changes) {
    const apply = change.apply;
    if (apply.kind === 'exec') {
      const res = await conn.exec(apply.command, { stdin: apply.stdin, cwd: apply.cwd, timeoutMs: apply.timeoutMs });
      if (!(apply.okCodes ?? [0]).includes(res.rc)) {
        throw new ModuleError(res.stderr.trim() || 'non-zero return code', { rc: res.rc, stdout: res.stdout, stderr: res.stderr });
      }
      out.push({ rc: res.rc, stdout: res.stdout, stderr: res.stderr });
    } else if (apply.kind === 'put') {
      await conn.put(apply.content, apply.path, { mode: apply.mode });
      out.push({});
    } else {
      out.push(await runControllerStep(apply.step, { connection: conn, become: undefined, env: undefined, timeoutMs: undefined }));
    }
  }
  return out;
}

/** Plans with raw (unvalidated) arguments, as the executor does after templating. */
export async function planWith(mod: ModuleDefinition, args: Record<string, unknown>, ctx: ModuleContext): Promise<Plan> {
  return mod.plan(parseModuleArgs(mod, args), ctx);
}

/** Just enough templating for these tests: {{ name }} from the variables. */
function renderVars(text: string, vars: Record<string, unknown>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(vars[name] ?? ''));
}
