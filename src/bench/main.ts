import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage, PlayError } from '../errors.js';
import { benchLabDown, benchLabUp, benchPaths, fileHosts, SITE_HOSTS } from './lab.js';
import { parseBenchArgs } from './options.js';
import { BENCH_ROOT_DIR, TASKS_PER_HOST, writeCountingSsh, writeFileProject, writeSiteInventory } from './project.js';
import { machineInfo, renderReport, type Machine } from './report.js';
import {
  ansibleRun,
  checkRun,
  countAnsibleRoundTrips,
  phasesOf,
  playJson,
  playRun,
  runAlternating,
  reloadSeconds,
  runQuiet,
  type Env,
  type ScenarioResult,
  type Variant,
} from './scenarios.js';
import { measure, type Sample } from './measure.js';
import { scaleScenario } from './scale.js';
import { CHART_FILES, scaleCharts, scalePoints } from './scale-report.js';

/**
 * `npm run bench`: play against ansible-playbook on the benchmark's own lab hosts; writes
 * docs/performance.md. See that file for the method.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2), path.join(repo, 'docs', 'performance.md'));
  if (opts.fromResults) {
    const saved = JSON.parse(await readFile(opts.fromResults, 'utf8')) as SavedResults;
    await writeOutputs(renderReport(saved.results, saved.machine, { ...opts, runs: saved.runs, runsAtScale: saved.runsAtScale }), opts.out, saved.results);
    return;
  }
  const loadBefore = os.loadavg();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'play-bench-'));
  const paths = benchPaths();
  const hosts5 = fileHosts(5);
  const hostsMany = fileHosts(opts.manyHosts);
  const needsScale = opts.scenarios.includes(6);
  const labSize = Math.max(5, opts.scenarios.includes(4) ? opts.manyHosts : 0, needsScale ? Math.max(...opts.scale) : 0);
  const needsSite = opts.scenarios.some((s) => s === 3 || s === 5);
  const env: Env = { repo, dir, runs: opts.runs, runsAtScale: opts.runsAtScale ?? opts.runs, ansibleDefaultUpTo: opts.ansibleDefaultUpTo, progress, counting: await writeCountingSsh(dir) };
  await writeFileProject(repo, dir, hosts5, hostsMany, paths);
  const siteInventory = needsSite ? await writeSiteInventory(repo, dir, paths) : '';
  const results: ScenarioResult[] = [];
  progress(`starting ${labSize}${needsSite ? ` + ${SITE_HOSTS.length}` : ''} lab hosts with Python`);
  try {
    await benchLabUp(fileHosts(labSize), needsSite, progress);
    for (const id of opts.scenarios) {
      const r =
        id === 6
          ? await scaleScenario(env, { hostCounts: opts.scale, runs: opts.runs, ansibleDefaultUpTo: opts.ansibleDefaultUpTo }, paths, results)
          : await SCENARIOS[id - 1]?.(env, siteInventory, hostsMany.length);
      if (r) results.push(r);
    }
  } finally {
    if (!opts.keepLab) await benchLabDown(progress);
    await rm(dir, { recursive: true, force: true });
  }
  const machine = await machineInfo(loadBefore, os.loadavg());
  if (opts.saveResults) {
    const saved: SavedResults = { machine, runs: opts.runs, runsAtScale: opts.runsAtScale, results: results.map(withoutOutput) };
    await writeFile(opts.saveResults, JSON.stringify(saved));
    progress(`wrote ${opts.saveResults}`);
  }
  await writeOutputs(renderReport(results, machine, opts), opts.out, results);
}

/** The measurements of a run, kept to render the report again (\`--from-results\`) without measuring. */
interface SavedResults {
  machine: Machine;
  runs: number;
  runsAtScale: number | undefined;
  results: ScenarioResult[];
}

/** A sample's output is only read while measuring (round trips, phases): the saved file keeps the numbers. */
const withoutSampleOutput = (s: Sample): Sample => ({ ...s, stdout: '', stderr: '' });
const samplesWithoutOutput = (m: ScenarioResult['samples']): ScenarioResult['samples'] =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map(withoutSampleOutput)]));
function withoutOutput(r: ScenarioResult): ScenarioResult {
  return {
    ...r,
    samples: samplesWithoutOutput(r.samples),
    ...(r.floor ? { floor: r.floor.map(withoutSampleOutput) } : {}),
    ...(r.scale ? { scale: r.scale.map((p) => ({ ...p, samples: samplesWithoutOutput(p.samples) })) } : {}),
  };
}

async function writeOutputs(report: { table: string; document: string }, out: string | undefined, results: readonly ScenarioResult[]): Promise<void> {
  process.stdout.write(report.table);
  if (!out) return;
  await writeFile(out, report.document);
  progress(`wrote ${path.relative(process.cwd(), out)}`);
  const charts = scaleCharts(scalePoints(results), TASKS_PER_HOST);
  for (const [k, svg] of Object.entries(charts ?? {})) {
    const file = path.join(path.dirname(out), CHART_FILES[k as keyof typeof CHART_FILES]);
    await writeFile(file, svg);
    progress(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

type Scenario = (env: Env, siteInventory: string, manyHosts: number) => Promise<ScenarioResult>;

function fileVariants(env: Env, inventory: string, hosts: number): Variant[] {
  return [
    { tool: 'play', command: playRun(env, ['files.yml', '-i', inventory]) },
    { tool: 'ansible-default', command: ansibleRun(env, false, hosts, ['-i', inventory, 'files.yml']) },
    { tool: 'ansible-tuned', command: ansibleRun(env, true, hosts, ['-i', inventory, 'files.yml']) },
  ];
}

async function countRoundTrips(env: Env, r: ScenarioResult, variants: readonly Variant[], prepare?: () => Promise<void>): Promise<void> {
  const hostTasks = r.hosts * r.tasksPerHost;
  for (const v of variants) {
    if (prepare) await prepare();
    if (v.tool === 'play') {
      const s = await measure({ ...v.command, env: { ...(v.command.env ?? {}), PLAY_TRACE_ROUND_TRIPS: '1' } });
      checkRun(s, 'play (counting round trips)');
      r.roundTrips.play = playJson(s.stdout).roundTrips / hostTasks;
      r.phases = phasesOf(s.stderr, s.wall);
    } else r.roundTrips[v.tool] = (await countAnsibleRoundTrips(env, v.command)) / hostTasks;
  }
}

const resetFiles = (env: Env, inventory: string) => async (): Promise<void> => {
  await runQuiet({ argv: [process.execPath, path.join(env.repo, 'bin', 'play.js'), 'exec', 'bench', '-i', inventory, '-m', 'file', '-a', `path=${BENCH_ROOT_DIR} state=absent`], cwd: env.dir }, 'resetting the targets');
};

const converge = async (env: Env, args: string[], cwd = env.dir): Promise<void> => {
  const out = await runQuiet(playRun(env, args, cwd), `play run ${args.join(' ')}`);
  const { failed } = playJson(out);
  if (failed) throw new Error(`converging with play ${args.join(' ')}: ${failed} failed results`);
};

const newResult = (id: number, title: string, hosts: number, tasksPerHost: number): ScenarioResult => ({ id, title, hosts, tasksPerHost, samples: {}, roundTrips: {}, notes: [] });

const SCENARIOS: Scenario[] = [
  async (env) => {
    const r = newResult(1, 'first converge, 20 file tasks × 5 hosts', 5, TASKS_PER_HOST);
    const variants = fileVariants(env, 'hosts5.ini', 5);
    const reset = resetFiles(env, 'hosts5.ini');
    await runAlternating(env, r, variants, reset);
    await countRoundTrips(env, r, variants, reset);
    return r;
  },
  async (env) => {
    const r = newResult(2, 'no-op rerun, 20 file tasks × 5 hosts', 5, TASKS_PER_HOST);
    await converge(env, ['files.yml', '-i', 'hosts5.ini']);
    const variants = fileVariants(env, 'hosts5.ini', 5);
    await runAlternating(env, r, variants);
    await countRoundTrips(env, r, variants);
    return r;
  },
  async (env, siteInventory) => {
    const r = newResult(3, 'no-op rerun, full site.yml, 5-host VoIP lab', 5, 0);
    progress('scenario 3: converging the lab copy (first run, not measured)');
    await converge(env, ['site.yml', '-i', siteInventory], env.repo);
    const check = playJson(await runQuiet(playRun(env, ['site.yml', '-i', siteInventory], env.repo), 'site.yml second run'));
    if (check.changed) r.notes.push(`the second converge still changed ${check.changed} results (not idempotent on this lab)`);
    const variants: Variant[] = [{ tool: 'play', command: playRun(env, ['site.yml', '-i', siteInventory], env.repo) }];
    await runAlternating(env, r, variants);
    const traced = variants[0]?.command as Variant['command'];
    const s = await measure({ ...traced, env: { ...(traced.env ?? {}), PLAY_TRACE_ROUND_TRIPS: '1' } });
    r.phases = phasesOf(s.stderr, s.wall);
    const rt = playJson(s.stdout);
    r.notes.push(`play: ${rt.roundTrips} round trips in all for the 4 SSH hosts (the phone is HTTP)`);
    r.notes.push('ansible-playbook cannot run site.yml: it uses modules outside ansible-core (community.libvirt.virt, ansible.posix.sysctl, community.general.modprobe and xml) and play\'s own (qemu_img, asterisk_reload, spa_phone)');
    return r;
  },
  async (env, _site, manyHosts) => {
    const r = newResult(4, `no-op rerun, 20 file tasks × ${manyHosts} hosts`, manyHosts, TASKS_PER_HOST);
    await converge(env, ['files.yml', '-i', 'hosts-many.ini']);
    const variants = fileVariants(env, 'hosts-many.ini', manyHosts).filter((v) => v.tool !== 'ansible-default' || manyHosts <= env.ansibleDefaultUpTo);
    if (manyHosts > env.ansibleDefaultUpTo) r.notes.push(`default Ansible not run: more than --ansible-default-up-to ${env.ansibleDefaultUpTo} hosts`);
    await runAlternating({ ...env, runs: env.runsAtScale }, r, variants);
    // what connecting alone costs: a fresh process, the same hosts, one trivial command on each
    r.floor = [];
    for (let i = 0; i < env.runs; i++) {
      const s = await measure({ argv: [process.execPath, path.join(env.repo, 'bin', 'play.js'), 'exec', 'bench', '-i', 'hosts-many.ini', '-m', 'ping'], cwd: env.dir });
      checkRun(s, 'play exec -m ping');
      r.floor.push(s);
      progress(`scenario 4: play exec -m ping run ${i + 1}: ${s.wall.toFixed(2)} s`);
    }
    // Ansible's round trips per host-task do not depend on the number of hosts (scenario 2 has
    // them); counting them again here would cost one more many-minute run
    await countRoundTrips(env, r, variants.slice(0, 1));
    return r;
  },
  async (env, siteInventory) => {
    const r = newResult(5, 'per-role repair of one host (trunk-mesh on virtual2) after one file changed', 1, 2);
    await converge(env, ['site.yml', '-i', siteInventory], env.repo);
    const breakFile = async (): Promise<void> => {
      await runQuiet(
        { argv: [process.execPath, path.join(env.repo, 'bin', 'play.js'), 'exec', 'virtual2', '-i', siteInventory, '-m', 'shell', '-a', "echo '; edited by the benchmark' >> /etc/asterisk/iax_custom.conf"], cwd: env.repo },
        'changing a file on virtual2',
      );
    };
    const variants: Variant[] = [
      { tool: 'play', command: playRun(env, ['site.yml', '-i', siteInventory, '--role', 'trunk-mesh', '-l', 'virtual2'], env.repo, { PLAY_TRACE_ROUND_TRIPS: '1' }) },
      { tool: 'ansible-default', command: ansibleRun(env, false, 1, ['-i', siteInventory, 'repair.yml', '-l', 'virtual2']) },
      { tool: 'ansible-tuned', command: ansibleRun(env, true, 1, ['-i', siteInventory, 'repair.yml', '-l', 'virtual2']) },
    ];
    await runAlternating(env, r, variants, breakFile);
    r.playOwn = (r.samples.play ?? []).map((s) => s.wall - reloadSeconds(s.stderr));
    await countRoundTrips(env, r, variants, breakFile);
    r.notes.push('Ansible runs the equivalent playbook (hosts: pbx_guests, roles: [trunk-mesh], -l virtual2) with a small module standing in for play\'s asterisk_reload, on a copy of the role whose template include has no \'..\' (Jinja refuses it)');
    return r;
  },
];

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${err instanceof PlayError ? errorMessage(err) : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
