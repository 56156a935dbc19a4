import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { runIn } from './measure.js';
import type { BenchOptions } from './options.js';
import type { ScenarioResult, Tool } from './scenarios.js';
import { formatRatio, formatSeconds, median } from './stats.js';
import { FACT_CACHE_SECTION } from './fact-cache-note.js';
import { scaleSection } from './scale-report.js';
import { speedSection } from './speed-note.js';
import { targetsTable } from './targets.js';
import { TASKS_PER_HOST } from './project.js';

/** The results table and docs/performance.md (the whole file is generated). */

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  ansible: string;
  date: string;
  loadBefore: number[];
  loadAfter: number[];
}

export async function machineInfo(loadBefore: number[], loadAfter: number[]): Promise<Machine> {
  const ansible = await runIn(process.cwd(), ['ansible-playbook', '--version']).catch(() => ({ stdout: 'not installed' }));
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    ansible: ansible.stdout.split('\n')[0]?.trim() ?? '',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadBefore,
    loadAfter,
  };
}

const med = (r: ScenarioResult, t: Tool): number => median((r.samples[t] ?? []).map((s) => s.wall));
const maxOf = (xs: readonly number[]): number => (xs.some(Number.isFinite) ? Math.max(...xs.filter(Number.isFinite)) : NaN);
const rss = (r: ScenarioResult, t: Tool): number => maxOf((r.samples[t] ?? []).map((s) => s.rssMb));
const rt = (v: number | undefined): string => (v === undefined ? 'n/a' : v.toFixed(2));
const mb = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} MB` : 'n/a');

export function resultsTable(results: readonly ScenarioResult[]): string {
  const head = [
    '| # | scenario | play | Ansible default | ratio | Ansible tuned | ratio | play host-tasks/s | round trips per host-task (play / default / tuned) | peak RSS (play / Ansible) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = results.map((r) => {
    const p = med(r, 'play');
    const d = med(r, 'ansible-default');
    const t = med(r, 'ansible-tuned');
    const own = r.playOwn ? ` (own ${formatSeconds(median(r.playOwn))})` : '';
    const rate = r.tasksPerHost > 0 && Number.isFinite(p) ? Math.round((r.hosts * r.tasksPerHost) / p).toString() : 'n/a';
    const ansibleRss = maxOf([rss(r, 'ansible-default'), rss(r, 'ansible-tuned')]);
    return `| ${r.id} | ${r.title} | ${formatSeconds(p)}${own} | ${formatSeconds(d)} | ${formatRatio(d, p)} | ${formatSeconds(t)} | ${formatRatio(t, p)} | ${rate} | ${rt(r.roundTrips.play)} / ${rt(r.roundTrips['ansible-default'])} / ${rt(r.roundTrips['ansible-tuned'])} | ${mb(rss(r, 'play'))} / ${mb(ansibleRss)} |`;
  });
  return `${[...head, ...rows].join('\n')}\n`;
}

function phasesTable(results: readonly ScenarioResult[]): string {
  const ms = (x: number): string => `${Math.round(x)} ms`;
  const rows = results
    .filter((r) => r.phases)
    .map((r) => {
      const p = r.phases as NonNullable<ScenarioResult['phases']>;
      return `| ${r.id} | ${ms(p.wall)} | ${ms(p.connect)} | ${ms(p.facts)} | ${ms(p.commands)} | ${ms(p.rest)} |`;
    });
  if (rows.length === 0) return '';
  return [
    '| # | play wall | start, load, connect (to the first command) | facts (all hosts) | other commands (read-ahead, changes) | the rest (planning, reporting) |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n') + '\n';
}

/** The 50-host traced run in words: what connecting and facts cost against the tasks themselves. */
function atScale(results: readonly ScenarioResult[]): string {
  const r = results.find((x) => x.id === 4);
  const p = r?.phases;
  if (!r || !p) return '';
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const share = Math.round((100 * (p.connect + p.facts)) / p.wall);
  const perSecond = Math.round((r.hosts * r.tasksPerHost) / ((p.commands + p.rest) / 1000));
  return (
    `In the traced ${r.hosts}-host run, start, load, connect (${s(p.connect)}) and facts (${s(p.facts)}) are ${share} % of ` +
    `the wall time (${s(p.wall)}); the ${r.hosts * r.tasksPerHost} host-tasks themselves — read-ahead batches, planning, ` +
    `reporting — took ${s(p.commands + p.rest)}, i.e. about ${perSecond} host-tasks/s once the hosts are connected and ` +
    'their facts gathered.' +
    floorText(r)
  );
}

/** Scenario 1's round trips in words: what a task that changes something costs. */
function firstConverge(results: readonly ScenarioResult[]): string {
  const perTask = results.find((x) => x.id === 1)?.roundTrips.play;
  const measured = perTask === undefined ? '' : `Scenario 1 takes ${perTask.toFixed(2)} round trips per host-task: `;
  return (
    `${measured}a change applied for real drops what was read ahead for the tasks after it (the change ` +
    'may have touched it: only the paths a plan declares are known, and `mkdir -p` or a command may ' +
    'touch more), so each of the following tasks reads its own file again before deciding; a new ' +
    'file written by copy or template then needs one more round trip for its owner and group (only ' +
    'the write knows them, and Ansible returns them). Keeping the read-ahead answers a declared change ' +
    'cannot have touched, and reading the owner in the write\'s own command, would bring a file task ' +
    'that changes down to about one round trip.'
  );
}

/** Scenario 4's floor (`play exec -m ping` on the same hosts) against the 1,000 host-tasks/s budget. */
function floorText(r: ScenarioResult): string {
  const walls = (r.floor ?? []).map((s) => s.wall);
  if (walls.length === 0) return '';
  const floor = median(walls);
  const budget = (r.hosts * r.tasksPerHost) / 1000;
  const verdict =
    floor >= budget
      ? `the floor alone uses up that budget, before any fact or task: cold, with every target's sshd on the controller's two cores, the target cannot be met on this machine`
      : `that leaves ${formatSeconds(budget - floor)} for the facts and the ${r.hosts * r.tasksPerHost} host-tasks`;
  return (
    ` Connecting alone — \`play exec bench -m ping\` on the same ${r.hosts} hosts, a fresh process: start, load, ${r.hosts} SSH ` +
    `connections and one trivial command each — takes ${formatSeconds(floor)} (median of ${walls.length}: ${walls.map((w) => w.toFixed(2)).join(', ')} s). ` +
    `At 1,000 host-tasks/s the whole run would have to fit in ${formatSeconds(budget)}: ${verdict}.`
  );
}

function samplesList(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const [tool, samples] of Object.entries(r.samples)) lines.push(`- ${r.id} ${tool}: ${samples.map((s) => s.wall.toFixed(2)).join(', ')} s`);
    // scenario 6's points taken from scenarios 2 and 4 are listed there
    for (const p of (r.scale ?? []).filter((x) => !results.some((q) => q.samples === x.samples)))
      for (const [tool, samples] of Object.entries(p.samples)) lines.push(`- ${r.id} (${p.hosts} hosts) ${tool}: ${samples.map((s) => s.wall.toFixed(2)).join(', ')} s`);
    for (const n of r.notes) lines.push(`- ${r.id}: ${n}`);
  }
  return lines.join('\n');
}

export function renderReport(allResults: readonly ScenarioResult[], m: Machine, opts: BenchOptions): { table: string; document: string } {
  // scenario 6 has a section of its own (a row per host count)
  const results = allResults.filter((r) => r.id !== 6);
  const table = resultsTable(results);
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');
  const document = `# Performance

<!-- Generated by \`npm run bench\` (src/bench/); edit the generator, not this file. -->

play and \`ansible-playbook\` run the same playbooks against the same lab hosts. Times are the
medians of ${opts.runs} runs per tool (scenario 4: ${opts.runsAtScale ?? opts.runs}), run alternately (play, Ansible default,
Ansible tuned, play, …); the ratio is Ansible's median over play's. Scenario 4 counts Ansible's
round trips per host-task in scenario 2 only (they do not depend on the number of hosts).

## Results

Measured ${m.date}; machine load (1/5/15 min) ${load(m.loadBefore)} before, ${load(m.loadAfter)} after.

${table}
Where play's time goes: one traced run per scenario (\`PLAY_TRACE_ROUND_TRIPS=1\`), split at the
first command sent, the last facts answer and the last answer; the four parts add up to the wall time.
(site.yml has several plays, each gathering facts: there "facts" runs up to the last play's facts.)

${phasesTable(results)}
All samples (wall seconds) and notes:

${samplesList(allResults)}

${scaleSection(allResults, TASKS_PER_HOST, opts.ansibleDefaultUpTo)}${speedSection(results)}## Where the rest of the time goes

The targets are set for a quiet 2-core machine; this run against each:

${targetsTable(allResults)}
What limits play now:

- **Round trips are down to what a no-op needs**: one for facts, one read-ahead batch for all
  upcoming file tasks (stat, sha1 and the content of edited files, a handful of processes on the
  target whatever the number of paths), so 0.10 per host-task for 20 file tasks. The lab's
  site.yml needs 32 in all: the kvm host's module-specific reads (sysctl, qemu-img, virsh, dpkg,
  service state) are one round trip each.
- **A first converge reads again after every change.** ${firstConverge(results)}
- **The targets share the controller's two cores.** In the 50-host run, the SSH handshakes (50
  sshd processes forking and doing key exchange), the 50 facts scripts and the 50 read-ahead
  batches run on the same CPUs as play; in a CPU profile of play the largest single item is the
  socket write path (loopback delivery runs the receiving sshd's work in the writer's time
  slice), then signature verification and signing for the 50 handshakes (ssh2, ~4 ms per host),
  garbage collection and variable layering. ${atScale(results)}
- **Startup**: Node resolves, reads and compiles every ES module on each start. play's own
  ~300 compiled modules are bundled at build time into one file plus chunks for what loads lazily
  (the lab's code, the live TTY view, serve) by \`scripts/bundle-cli.mjs\`; the packages (zod,
  yaml, ssh2, nunjucks, better-sqlite3…, about 370 files) still load one by one. A one-task local
  run took 0.34–0.39 s of CPU with the bundle and 0.48–0.56 s without (5 runs each, 2026-12-07,
  the machine busy; the benchmark run of that day above ran without the bundle).
- **Machine load**: targets and tools share the cores, so play's single-run times vary by up to
  2× with other work on the machine, Ansible's by less (its time is dominated by its own per-task
  work); the load average before and after the runs is recorded above.

${FACT_CACHE_SECTION}
## Scenarios

1. **First converge**: 20 tasks (5 × file, copy, template, lineinfile under ${'`/srv/play-bench`'}) on 5 hosts;
   the directory is removed (not timed) before every run.
2. **No-op rerun** of the same playbook on the same 5 hosts, already converged.
3. **Full \`site.yml\` no-op rerun** on a copy of the 5-host VoIP lab (kvm host, three PBX guests, the
   SPA303 emulator) on the benchmark's hosts, converged first.
4. **No-op rerun at scale**: the playbook of (1) on 50 hosts.
5. **Per-role repair**: one line appended (not timed) to \`/etc/asterisk/iax_custom.conf\` on
   virtual2, then \`play run site.yml --role trunk-mesh -l virtual2\`. "own" is play's time without
   the Asterisk reloads the repair triggers (their round-trip times, from the round-trip trace).
6. **By number of hosts**: the no-op rerun of (2) at ${opts.scale.join(', ')} hosts, for the charts; the lab is
   started with the largest count (bench-01 … on 127.0.11.x).

## Method

- **Hosts.** The benchmark starts its own lab (\`src/bench/lab.ts\`): namespace hosts in a lab root
  of their own (\`~/.cache/play/bench-lab\`), on the default lab's Debian base image, plus the lab's
  *Python layer* — the controller's own \`python3\`, its standard library and the libraries it
  links, as a read-only overlay layer between the base and each host's layer — because Ansible
  needs Python on targets. play's own hosts (the default lab, the tests) stay Python-free. Hosts
  for scenarios 1, 2 and 4 are \`bench-01\` … on 127.0.11.x; the VoIP lab copy is on 127.0.12.x
  with a generated inventory (\`inventory/lab.yml\` and its group_vars, addresses and keys
  replaced), so the same roles, groups and variables apply. Everything is stopped and discarded at
  the end.
- **play**: \`node bin/play.js run … --json\`, a fresh process per run (startup included), default
  settings (forks 50, facts on where the playbook says so).
- **Ansible default**: \`ansible-playbook\` with its defaults — forks 5, facts gathered, no
  pipelining (its default ssh_args already include ControlMaster/ControlPersist=60s).
- **Ansible tuned**: pipelining on, forks = number of hosts, gathering explicit (no facts),
  ControlPersist=60s. Both Ansible variants run with \`ansible_python_interpreter=/usr/bin/python3\`
  (no interpreter discovery).
- **Round trips**: play counts every command it sends (exec, put, get) per host (the \`--json\`
  recap's \`round_trips\`). For Ansible, ssh/sftp/scp are replaced by wrappers that log each
  invocation (ANSIBLE_SSH_EXECUTABLE etc.). Counted in one extra run per tool, divided by
  host-tasks (hosts × tasks; facts gathering included in the numerator).
- **Peak RSS**: GNU time's maximum resident set size, i.e. of the largest single process
  (for Ansible, one of its fork workers or the main process).
- **Per-role repair in Ansible**: Ansible has no \`--role\`; it runs \`hosts: pbx_guests, roles:
  [trunk-mesh]\` limited to virtual2, with a small module standing in for play's asterisk_reload,
  on a copy of the role whose templates include the shared header by name (\`asterisk-header.j2\`
  in the playbook's templates/) instead of \`../../../templates/…\`, a name Jinja's loader refuses.
- **Not in Ansible's column**: \`site.yml\` uses modules outside ansible-core (community.libvirt,
  ansible.posix, community.general) and play's own (qemu_img, asterisk_reload, spa_phone), which
  Debian's ansible-core does not have; scenario 3 is play only.

## Machine

- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGb} GB; ${m.kernel}
- Node ${m.node}; ${m.ansible}
- Targets and controller share the machine: every host's sshd competes with the tools for the
  same cores, which favours neither tool but makes absolute numbers machine-bound.

## Rerunning

\`\`\`sh
npm run build
npm run bench                            # all scenarios, 5 runs each, rewrites this file
npm run bench -- --runs 3 --scenario 2,4 # a subset
npm run bench -- --runs 5 --runs-at-scale 2  # fewer runs of the 50-host scenario (minutes each for Ansible)
npm run bench -- --scenario 6 --scale 5,25,50 --ansible-default-up-to 25  # the charts only, smaller
npm run bench -- --no-doc --keep-lab     # print only; leave the hosts up for the next call
\`\`\`

Needs root (lab hosts), the default lab's base image (\`play lab up\` once) and Debian's
\`ansible-core\`. Run it on a quiet machine: check \`uptime\` first.
`;
  return { table, document };
}
