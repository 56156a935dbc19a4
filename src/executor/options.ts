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
   * -u, -c, -k, -T, --private-key, --ssh-*-args, -b, --become-user… and their ansible.cfg settings,
   * as Ansible's connection variables (ansible_user…): below every inventory, play or task variable.
   */
  connectionDefaults?: Readonly<Record<string, unknown>> | undefined;
  /** ansible.cfg `gathering`: implicit (gather unless gather_facts: false), explicit, or smart. */
  gathering?: 'implicit' | 'explicit' | 'smart' | undefined;
  /** fact_caching jsonfile: facts kept between runs (./fact-cache.ts). */
  factCache?: FactCache | undefined;
  /**
   * --render DIR: no connection at all; check + diff mode, facts from `play_offline_facts`, and
   * every file a task would write is stored as DIR/<host>/<path> by the render reporter.
   */
  render?: string | undefined;
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
    ...overrides,
  };
}
