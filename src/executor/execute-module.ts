import { UnsendableCommandError } from '../connection/command.js';
import type { Become, Connection } from '../connection/types.js';
import { ModuleError, ParseError, PlayError, UnreachableError, formatPos } from '../errors.js';
import { getModule } from '../modules/registry.js';
import { withoutMarks } from '../template/unsafe.js';
import { Templar } from '../template/index.js';
import { setOwn } from '../util/own-props.js';
import { resolveAliases, validateModuleArgs } from '../modules/arg-spec.js';
import type { FileDiff, ModuleDefinition } from '../modules/types.js';
import type { Inheritable, TaskItem } from '../playbook/model.js';
import { argsError, constraintError } from '../playbook/validate-args.js';
import type { Vars } from '../template/types.js';
import { OMIT } from '../vars/manager.js';
import { asyncPlan, asyncRefusal, asyncSpecOf } from './async-plan.js';
import { interpretPlan, type Interpreter } from './interpret.js';
import { planData } from './plan-data.js';
import { keywordBool } from './keyword-boolean.js';
import { connectionSpec } from './connections.js';
import { roleOf } from './effective.js';
import { createModuleContext } from './module-context.js';
import { RecordingConnection, type SentCommand } from './sent-commands.js';
import type { HostRuntime, RunState } from './state.js';

export interface ModuleRun {
  result: Record<string, unknown>;
  changed: boolean;
  failed: boolean;
  skipped: boolean;
  unreachable: boolean;
  diffs: FileDiff[];
  commands: string[];
  /** A loop's overall result (its items are in result.results). */
  loop?: boolean;
  /** Show the result without -v (Plan.show). */
  show?: boolean;
  /** The commands sent to the host, for -vv / -vvv. */
  sent: SentCommand[];
  /** The returned facts are cacheable (Plan.cacheableFacts). */
  cacheableFacts?: boolean;
}

/** Runs a task's module once for one host (one loop item, one until attempt). */
export async function executeModule(state: RunState, task: TaskItem, host: HostRuntime, kw: Inheritable, vars: Vars, taskName: string): Promise<ModuleRun> {
  const mod = getModule(task.action);
  const out: ModuleRun = { result: {}, changed: false, failed: false, skipped: false, unreachable: false, diffs: [], commands: [], sent: [] };
  if (!mod) {
    throw new ParseError('UNSUPPORTED_MODULE', `the Ansible module '${task.action}' is not available in play`, {
      source: task.pos,
      hint: 'docs/modules.md lists the modules play has; docs/compatibility.md what differs from Ansible',
    });
  }
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
  if (keywordBool('no_log', t.renderValue(kw.no_log, vars, renderCtx), false, task.pos)) registerTemplatedArgs(state, task.args, args);
  const parsed = validateModuleArgs(mod, args);
  if (!parsed.ok) {
    // the task fails (failed_when and ignore_errors still apply), as Ansible's module would
    const err = 'violation' in parsed ? constraintError(task.action, parsed.violation, task.args, task.pos) : argsError(task.action, parsed.zodError, task.args, task.pos, args);
    return { ...out, failed: true, result: { msg: err.describe() } };
  }
  const asyncSpec = asyncSpecOf(task, (v) => t.renderValue(v, vars, renderCtx));
  const asyncRefused = asyncSpec && asyncRefusal(task.action, check);
  if (asyncRefused) return { ...out, failed: true, result: { msg: asyncRefused } };

  let connection: Connection | undefined;
  let become: Become | undefined;
  let env: Record<string, string> | undefined;
  let address: string | undefined;
  const delegate = kw.delegate_to === undefined ? undefined : String(t.renderValue(kw.delegate_to, vars, renderCtx));
  try {
    if (!mod.controllerOnly) {
      const connVars = delegate && delegate !== host.name ? state.vars.forHost(delegate, undefined) : vars;
      const spec = connectionSpec(delegate ?? host.name, readConnectionVars(connVars, connectionDefaults(state, kw, vars, renderCtx)), state.options.acceptNewHostKeys, state.options.offline);
      address = spec.address;
      state.masker.add(spec.password);
      const opened = await state.connections.get(spec);
      if (opened) {
        const recording = new RecordingConnection(opened);
        // what a read-ahead sent for this task (and the next ones) comes first
        recording.sent.push(...host.readAhead.splice(0));
        out.sent = recording.sent;
        connection = recording;
      }
      become = resolveBecome(state, kw, vars, renderCtx);
      env = renderEnvironment(state, kw, vars, renderCtx);
    }
    const world = delegate && delegate !== host.name ? (state.hosts.get(delegate)?.world ?? host.world) : host.world;
    const ctx = createModuleContext({
      host: host.name,
      vars,
      diff,
      verbosity: state.options.verbosity,
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
    const planned = await mod.plan(parsed.data, ctx);
    const plan = asyncSpec ? asyncPlan(planned, asyncSpec) : planned;
    out.changed = plan.changed ?? plan.changes.length > 0;
    out.skipped = plan.skipped === true;
    out.result = { ...(plan.result ?? {}) };
    if (plan.msg !== undefined) out.result.msg = plan.msg;
    out.show = plan.show === true;
    if (plan.cacheableFacts) out.cacheableFacts = true;
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
    const added = await interpretPlan(plan, world, how);
    // a step that knows better (an async job's own result) says whether the task changed anything
    if (typeof added.changed === 'boolean') out.changed = added.changed;
    Object.assign(out.result, added);
    if (check && plan.changes.some((c) => c.apply.kind === 'exec' && c.apply.captureOutput)) out.result.msg ??= 'command would run (check mode)';
  } catch (err) {
    if (err instanceof UnreachableError) {
      out.unreachable = true;
      const hint = address === undefined ? undefined : await state.options.unreachableHint?.(delegate ?? host.name, address);
      out.result = { unreachable: true, msg: hint ? `${err.message}\n  hint: ${hint}` : err.message };
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
      if (typeof err.result.changed === 'boolean') out.changed = err.result.changed;
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
    // set_fact's keys may be templates ("{{ item }}=moo")
    setOwn(out, mod.definesVariables && Templar.isTemplate(k) ? state.templar.renderString(k, vars, ctx) : k, value);
  }
  return out;
}

/**
 * A no_log task's arguments are secrets from then on (a set_fact of a password read from a file,
 * later shown by a debug): the values its templates rendered, not the words written in the task.
 */
function registerTemplatedArgs(state: RunState, raw: Record<string, unknown>, rendered: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(raw)) if (containsTemplate(v)) registerStrings(state, rendered[k]);
}

function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(containsTemplate);
  return value !== null && typeof value === 'object' && Object.values(value).some(containsTemplate);
}

function registerStrings(state: RunState, value: unknown): void {
  const plainValue = withoutMarks(value);
  if (typeof plainValue === 'string') state.masker.add(plainValue);
  else if (Array.isArray(plainValue)) plainValue.forEach((v) => registerStrings(state, v));
  else if (plainValue !== null && typeof plainValue === 'object') Object.values(plainValue).forEach((v) => registerStrings(state, v));
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
  'play_default_connection',
];

/** Reads (and thereby templates) only the connection variables, not every variable; `defaults` (the command line's) fill the gaps. */
export function readConnectionVars(vars: Vars, defaults: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONNECTION_VARS) {
    const v = vars[k] ?? defaults[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The command line's connection defaults, with the remote_user and connection keywords above -u and -c (Ansible's order). */
export function connectionDefaults(state: RunState, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): Readonly<Record<string, unknown>> {
  const out = { ...(state.options.connectionDefaults ?? {}) };
  const r = (v: unknown): string => String(state.templar.renderValue(v, vars, ctx));
  if (kw.remote_user !== undefined && kw.remote_user !== null) out.ansible_user = r(kw.remote_user);
  if (kw.connection !== undefined && kw.connection !== null) out.play_default_connection = r(kw.connection);
  if (kw.port !== undefined && kw.port !== null) out.ansible_port = r(kw.port);
  return out;
}

export function resolveBecome(state: RunState, kw: Inheritable, vars: Vars, ctx: { source: TaskItem['pos']; task: string }): Become | undefined {
  const r = (v: unknown): unknown => state.templar.renderValue(v, vars, ctx);
  // -b, --become-user… (and ansible.cfg's [privilege_escalation]) are below keywords and variables
  const v = (k: string): unknown => vars[k] ?? state.options.connectionDefaults?.[k];
  const on = keywordBool(kw.become !== undefined ? 'become' : 'ansible_become', kw.become !== undefined ? r(kw.become) : v('ansible_become'), false, ctx.source);
  if (!on) return undefined;
  const user = String((kw.become_user !== undefined ? r(kw.become_user) : v('ansible_become_user')) ?? 'root');
  const method = String((kw.become_method !== undefined ? r(kw.become_method) : v('ansible_become_method')) ?? 'sudo');
  const pw = vars.ansible_become_password ?? vars.ansible_become_pass ?? state.options.connectionDefaults?.ansible_become_password;
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
  const levels = Array.isArray(kw.environment) ? kw.environment : [kw.environment];
  const out: Record<string, string> = {};
  for (const level of levels) {
    if (level === null || level === undefined) continue;
    const rendered = state.templar.renderValue(level, vars, ctx);
    for (const env of Array.isArray(rendered) ? rendered : [rendered]) {
      if (!env || typeof env !== 'object' || Array.isArray(env)) {
        throw new PlayError('BAD_ENVIRONMENT', 'environment must be a mapping of variable names to values', { source: ctx.source, hint: 'environment:\n  PATH: /usr/sbin:/usr/bin' });
      }
      for (const [k, v] of Object.entries(env)) out[k] = String(v);
    }
  }
  return Object.keys(out).length ? out : undefined;
}
