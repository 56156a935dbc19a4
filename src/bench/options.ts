import { PlayError } from '../errors.js';

/** `npm run bench -- [--runs N] [--runs-at-scale N] [--scenario K]… [--hosts N] [--scale N,N,…] [--ansible-default-up-to N] [--keep-lab] [--no-doc] [--out FILE] [--save-results FILE] [--from-results FILE]` */
export interface BenchOptions {
  runs: number;
  scenarios: number[];
  /** Leave the benchmark's hosts running afterwards (for reruns while developing). */
  keepLab: boolean;
  /** Where the results go (docs/performance.md); undefined: print only. */
  out: string | undefined;
  /** Hosts of scenario 4. */
  manyHosts: number;
  /** Runs of scenario 4 (default: --runs); default Ansible takes minutes per run there. */
  runsAtScale: number | undefined;
  /** Host counts of scenario 6 (wall time against the number of hosts, the charts). */
  scale: number[];
  /** The largest host count at which scenario 6 runs default Ansible (minutes per run beyond). */
  ansibleDefaultUpTo: number;
  /** Also write the measurements as JSON here. */
  saveResults: string | undefined;
  /** Measure nothing: render the report from measurements saved by --save-results. */
  fromResults: string | undefined;
}

export const ALL_SCENARIOS = [1, 2, 3, 4, 5, 6];
export const MAX_HOSTS = 200;

export function parseBenchArgs(argv: readonly string[], defaultOut: string): BenchOptions {
  const o: BenchOptions = { runs: 5, scenarios: [], keepLab: false, out: defaultOut, manyHosts: 50, runsAtScale: undefined, scale: [5, 25, 50, 100, 200], ansibleDefaultUpTo: 50, saveResults: undefined, fromResults: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new PlayError('BENCH_OPTIONS', `${arg} needs a value`);
      return v;
    };
    const int = (v: string, min: number, max: number): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw new PlayError('BENCH_OPTIONS', `${arg} must be a whole number from ${min} to ${max}`);
      return n;
    };
    if (arg === '--runs') o.runs = int(value(), 1, 100);
    else if (arg === '--scenario') for (const k of value().split(',')) o.scenarios.push(int(k, 1, ALL_SCENARIOS.length));
    else if (arg === '--hosts') o.manyHosts = int(value(), 5, MAX_HOSTS);
    else if (arg === '--scale') o.scale = [...new Set(value().split(',').map((k) => int(k, 1, MAX_HOSTS)))].sort((a, b) => a - b);
    else if (arg === '--ansible-default-up-to') o.ansibleDefaultUpTo = int(value(), 0, MAX_HOSTS);
    else if (arg === '--runs-at-scale') o.runsAtScale = int(value(), 1, 100);
    else if (arg === '--keep-lab') o.keepLab = true;
    else if (arg === '--no-doc') o.out = undefined;
    else if (arg === '--out') o.out = value();
    else if (arg === '--save-results') o.saveResults = value();
    else if (arg === '--from-results') o.fromResults = value();
    else throw new PlayError('BENCH_OPTIONS', `unknown option ${arg}`, { hint: 'npm run bench -- [--runs N] [--runs-at-scale N] [--scenario 1,2,…] [--hosts N] [--scale N,N,…] [--ansible-default-up-to N] [--keep-lab] [--no-doc] [--out FILE] [--save-results FILE] [--from-results FILE]' });
  }
  if (o.scenarios.length === 0) o.scenarios = [...ALL_SCENARIOS];
  o.scenarios = [...new Set(o.scenarios)].sort();
  return o;
}
