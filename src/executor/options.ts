import type { FactCache } from './fact-cache.js';

export interface RunOptions {
  check: boolean;
  diff: boolean;
  limit?: string | undefined;
  tags: string[];
  skipTags: string[];
  /** --role: run only these roles' tasks (and their dependencies). */
  roles: string[];
  forks: number;
  startAtTask?: string | undefined;
  /** --step: asked before each task; returns 'yes' | 'no' | 'continue'. */
  step?: ((task: string) => Promise<'yes' | 'no' | 'continue'>) | undefined;
  extraVars: Record<string, unknown>;
  verbosity: number;
  forceHandlers: boolean;
  acceptNewHostKeys: boolean;
  /**
   * --offline: no connection at all (implies check + diff): gathered facts come from
   * `play_offline_facts`, every other fact from its declared offline answer, so each host is
   * planned as a fresh one.
   */
  offline: boolean;
  /**
   * -u, -c, -k, -T, --private-key, --ssh-*-args, -b, --become-user… and their ansible.cfg settings,
   * as Ansible's connection variables (ansible_user…): below every inventory, play or task variable.
   */
  connectionDefaults?: Readonly<Record<string, unknown>> | undefined;
  /** ansible.cfg `gathering`: implicit (gather unless gather_facts: false), explicit, or smart. */
  gathering?: 'implicit' | 'explicit' | 'smart' | undefined;
  /** fact_caching jsonfile: facts kept between runs (./fact-cache.ts). */
  factCache?: FactCache | undefined;
  /**
   * --render DIR (implies offline): every file a task would leave on a host is written, whole and
   * unmasked, to DIR/<host>/<path> by the executor's render interpreter.
   */
  render?: string | undefined;
  /** Emit a `plan` event (the plan as data) for every host and task: `--plan-json`. */
  emitPlans: boolean;
  /**
   * What to add to an unreachable host's message (host name, the address tried), e.g. the
   * command line's "the lab is not running: play lab up"; the engine knows nothing of the lab.
   */
  unreachableHint?: ((host: string, address: string) => Promise<string | undefined>) | undefined;
  /** Aborted by Ctrl-C: no new task starts; running ones finish. */
  signal?: AbortSignal | undefined;
}

export function defaultRunOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    check: false,
    diff: false,
    tags: [],
    skipTags: [],
    roles: [],
    forks: 50,
    extraVars: {},
    verbosity: 0,
    forceHandlers: false,
    acceptNewHostKeys: false,
    offline: overrides.render !== undefined,
    emitPlans: false,
    ...overrides,
  };
}
