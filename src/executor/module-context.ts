import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ShellCommand } from '../connection/command.js';
import type { Become, Connection, ExecResult } from '../connection/types.js';
import { ParseError, UnreachableError, type SourcePos } from '../errors.js';
import type { FileState } from '../facts/file.js';
import type { Fact, FactAccess } from '../facts/types.js';
import type { ModuleContext, ProbeAnswer, TemplateSettings } from '../modules/types.js';
import type { RoleInstance } from '../playbook/model.js';
import type { Templar } from '../template/index.js';
import type { Vars } from '../template/types.js';
import { sessionKey, type HostWorld, type Runner } from './host-world.js';
import { localSearchPaths } from '../playbook/search-paths.js';

export interface TaskEnv {
  host: string;
  vars: Vars;
  diff: boolean;
  verbosity: number;
  connection: Connection | undefined;
  become: Become | undefined;
  env: Record<string, string> | undefined;
  world: HostWorld;
  templar: Templar;
  role: RoleInstance | undefined;
  playbookDir: string;
  taskName: string;
  pos: SourcePos;
  warn(message: string): void;
}

export function runnerFor(env: Pick<TaskEnv, 'connection' | 'become' | 'env' | 'host'>): Runner {
  return (command: ShellCommand, opts: { asLogin?: boolean } = {}) => {
    if (!env.connection) {
      return Promise.reject(new UnreachableError(`${env.host} has no shell connection (ansible_connection: http); this module needs one`));
    }
    return env.connection.exec(command, { become: opts.asLogin ? undefined : env.become, env: env.env });
  };
}

function answered(answer: ProbeAnswer): ExecResult {
  const stdout = answer.stdout ?? '';
  return { rc: answer.rc, stdout, stderr: '', stdoutBytes: Buffer.from(stdout) };
}

/** The settings given (an unset one keeps the Templar's default). */
function definedOnly<T extends object>(settings: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
}

export function createModuleContext(env: TaskEnv): ModuleContext {
  const run = runnerFor(env);
  const renderCtx = { source: env.pos, task: env.taskName };
  return {
    host: { name: env.host, vars: env.vars },
    diff: env.diff,
    verbosity: env.verbosity,
    offline: env.world.isOffline,
    connection: env.connection,
    fact: <A, T>(fact: Fact<A, T>, args: A, access?: FactAccess) => env.world.fact(fact, args, run, access),
    stat: (p: string, opts: { checksum?: boolean; follow?: boolean } = {}): Promise<FileState> =>
      env.world.stat(p, run, opts.checksum ?? true, opts.follow ?? false, sessionKey(env.become)),
    readFile: (p: string) => env.world.readFile(p, run),
    umask: () => env.world.umask(sessionKey(env.become), run),
    probe: (command: ShellCommand, opts: { stdin?: string | Buffer; offline: ProbeAnswer }): Promise<ExecResult> => {
      if (env.world.isOffline) return Promise.resolve(answered(opts.offline));
      if (!env.connection) return Promise.reject(new UnreachableError(`${env.host} has no shell connection`));
      return env.connection.exec(command, { become: env.become, env: env.env, stdin: opts.stdin });
    },
    async findLocal(kind, name) {
      if (path.isAbsolute(name)) return name;
      const dirs = localSearchPaths(kind, env.role, env.playbookDir);
      for (const d of dirs) {
        const candidate = path.join(d, name);
        try {
          await access(candidate);
          return candidate;
        } catch {
          /* try the next directory */
        }
      }
      throw new ParseError('LOCAL_FILE_MISSING', `could not find '${name}' in ${kind}/`, {
        source: env.pos,
        hint: `searched: ${dirs.join(', ')}`,
      });
    },
    readLocal: (p: string) => readFile(p),
    renderTemplate: async (p: string, settings: TemplateSettings = {}) =>
      env.templar.renderFile(p, env.vars, renderCtx, localSearchPaths('templates', env.role, env.playbookDir), definedOnly(settings)),
    renderString: (text: string) => env.templar.renderString(text, env.vars, renderCtx),
    evaluate: (expr: string) => env.templar.evaluate(expr, env.vars, renderCtx),
    isTrue: (cond: string) => env.templar.isTrue(cond, env.vars, renderCtx),
    warn: env.warn,
  };
}
