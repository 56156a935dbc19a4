import type { ScenarioResult } from './scenarios.js';
import { median } from './stats.js';

/**
 * The before/after of the last round of speed work, kept in docs/performance.md when the
 * benchmark rewrites it: the "before" numbers are the traced 50-host run of the previous
 * benchmark (2026-12-01) and the counts measured while profiling; the "after" column is this run's.
 */
const BEFORE = { date: '2026-12-01', wall: 2033, connect: 851, facts: 596, commands: 339, rest: 247, ansibleTuned: 124.0, ansibleDefault: 174.1 };

export function speedSection(results: readonly ScenarioResult[]): string {
  const r4 = results.find((r) => r.id === 4 && r.hosts === 50);
  const p = r4?.phases;
  const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : `${Math.round(x)} ms`);
  return `## Speed work: before and after

Profiled with \`node --cpu-prof\` on the controller (50 and 200 hosts × 20 no-op tasks) and with
V8's sampling heap profiler, then fixed where the counts pointed:

- **known_hosts was read and parsed once per host.** The benchmark's known_hosts holds 4 keys per
  lab host (800 lines, 546 KB at 200 hosts); connections that start together all missed the
  parsed-file cache and each read and split the whole file: 200 copies at once. They now share one
  read (src/connection/known-hosts.ts). Peak RSS of a 200-host no-op run: **435 MB before, 281 MB
  after** (GNU time, the same lab, one run each).
- **The run history committed one SQLite transaction per event**: about 1,050 commits for 50 hosts
  × 20 tasks, about 7 % of play's CPU samples (better-sqlite3 and the recorder). A task's results
  now commit together at the end of the event loop's turn or of the task (src/history/recorder.ts).
- **Variable layering copied every variable into each task's variables**: every role default,
  inventory variable, fact and magic variable, with a getter for each structured one, for every
  task on every host — about 40 % of the bytes allocated in a 50-host run, and most of the
  garbage collector's time. A task's variables are now a view over the precedence layers
  (src/template/layered-vars.ts) that copies nothing, and what does not change between tasks (a
  host's inventory variables and facts, a scope's role and block layers, the magic variables and
  their host lists) is kept until its source changes (src/vars/manager.ts). Counted
  (test/engine/variable-layering.test.ts, 20 hosts × 10 tasks × 100 group vars): 26,228
  properties defined before, 0 after. Measured on 200 local hosts × 20 set_fact/debug/assert
  tasks with cached facts (no SSH; V8's sampling heap profiler counting collected objects too,
  median of 3 runs each on a busy machine): **430 MB allocated before, 187 MB after** (the
  layering's own code: 136 MB → 19 MB), 47 → 26 garbage collections, CPU time 1.74 s → 1.20 s;
  one \`node --cpu-prof\` run each: 1,018 → 794 CPU samples, 127 → 45 of them in the layering's code.
  (The benchmark of 2026-12-07 in this file ran before this change and before the startup bundle.)

The traced 50-host run (scenario 4), split as in the table above:

| | wall | start, load, connect | facts | other commands | the rest |
|---|---|---|---|---|---|
| before (${BEFORE.date}, quiet machine) | ${ms(BEFORE.wall)} | ${ms(BEFORE.connect)} | ${ms(BEFORE.facts)} | ${ms(BEFORE.commands)} | ${ms(BEFORE.rest)} |
| after (this run) | ${ms(p?.wall)} | ${ms(p?.connect)} | ${ms(p?.facts)} | ${ms(p?.commands)} | ${ms(p?.rest)} |
${machineSpeed(r4)}
`;
}

/** The same machine is not equally fast on every day: Ansible's own medians on the same scenario say by how much. */
function machineSpeed(r4: ScenarioResult | undefined): string {
  const tuned = median((r4?.samples['ansible-tuned'] ?? []).map((s) => s.wall));
  const dflt = median((r4?.samples['ansible-default'] ?? []).map((s) => s.wall));
  if (!Number.isFinite(tuned) || !Number.isFinite(dflt)) return '';
  const slower = (now: number, then: number): string => `${then.toFixed(1)} s then, ${now.toFixed(1)} s now (×${(now / then).toFixed(2)})`;
  return `
Compare the two rows with care: Ansible's own medians on the same 50 hosts moved between the two
days as well — default ${slower(dflt, BEFORE.ansibleDefault)}, tuned ${slower(tuned, BEFORE.ansibleTuned)} — the
machine was that much slower (the earlier run had an Intel Xeon's 2 cores; the Machine section
below names this run's CPU).
`;
}
