import { UnsendableCommandError } from '../connection/command.js';
import type { Become, Connection } from '../connection/types.js';
import { ModuleError, ParseError, PlayError, UnreachableError, formatPos } from '../errors.js';
import { getModule } from '../modules/registry.js';
import { withoutMarks } from '../template/unsafe.js';
import { setOwn } from '../util/own-props.js';
import { resolveAliases, validateModuleArgs } from '../modules/arg-spec.js';
import type { FileDiff, ModuleDefinition } from '../modules/types.js';
import type { Inheritable, TaskItem } from '../playbook/model.js';
import { argsError, constraintError } from '../playbook/validate-args.js';
import type { Vars } from '../template/types.js';
import { OMIT } from '../vars/manager.js';
import { interpretPlan, type Interpreter } from './interpret.js';
import { planData } from './plan-data.js';
import { keywordBool } from './keyword-boolean.js';
import { connectionSpec } from './connections.js';
import { roleOf } from './effective.js';
import { createModuleContext } from './module-context.js';
import type { HostRuntime, RunState } from './state.js';

export interface ModuleRun {
  result: Record<string, unknown>;
  changed: boolean;
  failed: boolean;
  skipped: boolean;
  unreachable: boolean;
  diffs: FileDiff[];
  commands: string[];
  /** Show the result without -v (Plan.show). */
  show?: boolean;
}

/** Runs a task's module once for one host (one loop item, one until attempt). */
export async function executeModule(state: RunState, task: TaskItem, host: HostRuntime, kw: Inheritable, vars: Vars, taskName: string): Promise<ModuleRun> {
  const mod = getModule(task.action);
  const out: ModuleRun = { result: {}, changed: false, failed: false, skipped: false, unreachable: false, diffs: [], commands: [] };
  if (!mod) throw new ParseError('UNKNOWN_ACTION', `unknown module '${task.action}'`, { source: task.pos });
  if (task.deferredError) return { ...out, failed: true, result: { msg: task.deferredError.describe() } };
  if (mod.contactsNetwork && state.options.offline) {
    out.skipped = true;
    out.result = { msg: `${task.action} contacts the network; an offline run (--offline, --render) contacts nothing, so it was skipped` };
    return out;
  }
  const renderCtx = { source: task.pos, task: taskName };
  const t = state.templar;
  const check = keywordBool('check_mode', t.renderValue(kw.check_mode, vars, renderCtx), state.options.check, task.pos);
  const diff = keywordBool('diff', t.renderValue(kw.diff, vars, renderCtx), state.options.diff, task.pos);
  const args = renderArgs(state, mod, task, kw, vars, renderCtx);
  for (const name of mod.secretArgs ?? []) state.masker.add(args[name]);
  const parsed = validateModuleArgs(mod, args);
  if (!parsed.ok) {
    // the task fails (failed_when and ignore_errors still apply), as Ansible's module would
    const err = 'violation' in parsed ? constraintError(task.action, parsed.violation, task.args, task.pos) : argsError(task.action, parsed.zodError, task.args, task.pos, args);
    return { ...out, failed: true, result: { msg: err.describe() } };
  }

  let connection: Connection | undefined;
  let become: Become | undefined;
  let env: Record<string, string> | undefined;
  const delegate = kw.delegate_to === undefined ? undefined : String(t.renderValue(kw.delegate_to, vars, renderCtx));
  try {
    if (!mod.controllerOnly) {
      const connVars = delegate && delegate !== host.name ? state.vars.forHost(delegate, undefined) : vars;
      const spec = connectionSpec(delegate ?? host.name, { ...connectionKeywords(state, kw, vars, renderCtx), ...readConnectionVars(connVars) }, state.options.acceptNewHostKeys, state.options.offline);
      state.masker.add(spec.password);
      connection = await state.connections.get(spec);
      become = resolveBecome(state, kw, vars, renderCtx);
      env = renderEnvironment(state, kw, vars, renderCtx);
    }
    const world = delegate && delegate !== host.name ? (state.hosts.get(delegate)?.world ?? host.world) : host.world;
    const ctx = createModuleContext({
      host: host.name,
      vars,
      diff,
      connection,
      become,
      env,
      world,
      templar: t,
      role: roleOf(task.scope),
      playbookDir: state.playbookDir,
      taskName,
      pos: task.pos,
      warn: (message) => state.events.emitEvent({ type: 'warning', message: state.masker.maskString(`[${host.name}] ${message}`) }),
    });
    const plan = await mod.plan(parsed.data, ctx);
    out.changed = plan.changed ?? plan.changes.length > 0;
    out.skipped = plan.skipped === true;
    out.result = { ...(plan.result ?? {}) };
    if (plan.msg !== undefined) out.result.msg = plan.msg;
    out.show = plan.show === true;
    if (diff && plan.diffs?.length) {
      out.diffs = [...plan.diffs];
      for (const d of plan.diffs) for (const s of d.secrets ?? []) state.masker.add(s);
    }
    out.commands = plan.changes.map((c) => c.describe);
    if (state.options.emitPlans) state.events.emitEvent({ type: 'plan', host: host.name, task: taskName, action: task.action, plan: state.masker.mask(planData(plan)) });
    const timeoutMs = kw.timeout === undefined ? undefined : Number(t.renderValue(kw.timeout, vars, renderCtx)) * 1000;
    const renderDir = state.options.render;
    const how: Interpreter = !check
      ? { kind: 'apply', env: { connection, become, env, timeoutMs } }
      : renderDir !== undefined
        ? { kind: 'render', target: { dir: renderDir, host: host.name, task: taskName }, masker: state.masker }
        : { kind: 'check' };
    Object.assign(out.result, await interpretPlan(plan, world, how));
    if (check && plan.changes.some((c) => c.apply.kind === 'exec' && c.apply.captureOutput)) out.result.msg ??= 'command would run (check mode)';
  } catch (err) {
    if (err instanceof UnreachableError) {
      out.unreachable = true;
      out.result = { unreachable: true, msg: err.message };
      return out;
    }
    if (err instanceof UnsendableCommandError) {
      // nothing was sent, so only this task fails; say which one built the command
      out.failed = true;
      out.result = { ...out.result, msg: `task '${taskName}' (${formatPos(task.pos)}) cannot run: ${err.describe()}` };
      return out;
    }
    if (err instanceof ModuleError) {
      out.failed = true;
      out.result = { ...out.result, ...err.result, msg: err.message };
      return out;
    }
    out.failed = true;
    out.result = { ...out.result, msg: err instanceof PlayError ? err.describe() : (err as Error).message };
    return out;
  }
  return out;
}

function renderArgs(state: RunState, mod: ModuleDefinition, task: TaskItem, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): Record<string, unknown> {
  const defaults = kw.module_defaults?.[task.action] ?? kw.module_defaults?.[`ansible.builtin.${task.action}`] ?? {};
  // aliases first, so a secret or raw argument is recognised under any of its names
  const raw = resolveAliases(mod.aliases, { ...defaults, ...task.args });
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = mod.rawArgs?.includes(k) ? v : mod.definesVariables ? state.templar.renderData(v, vars, ctx) : state.templar.renderValue(v, vars, ctx);
    if (withoutMarks(value) === OMIT) continue;
    setOwn(out, k, value);
  }
  return out;
}

const CONNECTION_VARS = [
  'ansible_connection',
  'ansible_host',
  'ansible_ssh_host',
  'ansible_port',
  'ansible_user',
  'ansible_ssh_user',
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_ssh_private_key_file',
  'ansible_private_key_file',
  'ansible_ssh_common_args',
  'ansible_ssh_extra_args',
  'ansible_ssh_timeout',
  'ansible_timeout',
  'play_jump_host',
  'play_known_hosts_file',
  'play_accept_new_host_keys',
  'play_offline_facts',
];

/** Reads (and thereby templates) only the connection variables, not every variable. */
/**
 * The connection, remote_user and port keywords, as the variables they stand for: a host's own
 * ansible_connection/ansible_user/ansible_port (spread after these) still win, as in Ansible.
 */
function connectionKeywords(state: RunState, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pairs: [keyof Inheritable, string][] = [['connection', 'ansible_connection'], ['remote_user', 'ansible_user'], ['port', 'ansible_port']];
  for (const [key, variable] of pairs) if (kw[key] !== undefined) out[variable] = state.templar.renderValue(kw[key], vars, ctx);
  return out;
}

export function readConnectionVars(vars: Vars): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONNECTION_VARS) {
    const v = vars[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function resolveBecome(state: RunState, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): Become | undefined {
  const r = (v: unknown): unknown => state.templar.renderValue(v, vars, ctx);
  const on = keywordBool(kw.become !== undefined ? 'become' : 'ansible_become', kw.become !== undefined ? r(kw.become) : vars.ansible_become, false, ctx.source);
  if (!on) return undefined;
  const user = String((kw.become_user !== undefined ? r(kw.become_user) : vars.ansible_become_user) ?? 'root');
  const method = String((kw.become_method !== undefined ? r(kw.become_method) : vars.ansible_become_method) ?? 'sudo');
  const pw = vars.ansible_become_password ?? vars.ansible_become_pass;
  const flags = kw.become_flags !== undefined ? r(kw.become_flags) : vars.ansible_become_flags;
  if (method !== 'sudo' && method !== 'su') {
    throw new PlayError('BAD_BECOME', `become_method '${method}' is not supported`, { source: ctx.source, hint: 'use sudo or su' });
  }
  const password = pw === undefined || pw === null ? undefined : String(pw);
  state.masker.add(password);
  return { method, user, password, flags: flags === undefined ? undefined : String(flags) };
}

function renderEnvironment(state: RunState, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): Record<string, string> | undefined {
  if (kw.environment === undefined || kw.environment === null) return undefined;
  const env = state.templar.renderValue(kw.environment, vars, ctx);
  if (!env || typeof env !== 'object' || Array.isArray(env)) {
    throw new PlayError('BAD_ENVIRONMENT', 'environment must be a mapping of variable names to values', { source: ctx.source, hint: 'environment:\n  PATH: /usr/sbin:/usr/bin' });
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
