import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabPaths } from '../lab/hosts.js';
import { fileHosts } from './lab.js';
import { measure } from './measure.js';
import { fileInventory, TASKS_PER_HOST } from './project.js';
import { ansibleRun, checkRun, playJson, playRun, runQuiet, type Env, type ScalePoint, type ScenarioResult, type Tool } from './scenarios.js';

/**
 * Scenario 6: the no-op rerun of the 20 file tasks at several host counts, for the charts of
 * wall time against the number of hosts. Scenarios 2 (5 hosts) and 4 (50 hosts by default) are
 * the same measurement, so their samples stand for their host counts instead of being re-run.
 */

export interface ScaleOptions {
  hostCounts: readonly number[];
  /** Runs of play at every point, and of Ansible at 5 hosts or fewer. */
  runs: number;
  /** Default Ansible runs only up to this many hosts (about 3.5 s per host at forks 5). */
  ansibleDefaultUpTo: number;
}

const TOOLS: readonly Tool[] = ['play', 'ansible-default', 'ansible-tuned'];

/**
 * Runs per tool at one point: play is cheap everywhere; Ansible gets up to 3 runs at small host
 * counts and one run beyond (minutes per run), default Ansible none above its limit.
 */
export function runsAtPoint(tool: Tool, hosts: number, o: Pick<ScaleOptions, 'runs' | 'ansibleDefaultUpTo'>): number {
  if (tool === 'play') return o.runs;
  if (tool === 'ansible-default' && hosts > o.ansibleDefaultUpTo) return 0;
  return hosts <= 5 ? Math.min(o.runs, 3) : 1;
}

/** Points already measured by the same playbook in scenario 2 or 4. */
export function reusedPoints(results: readonly ScenarioResult[]): ScalePoint[] {
  return results.filter((r) => r.id === 2 || r.id === 4).map((r) => ({ hosts: r.hosts, samples: r.samples }));
}

export async function scaleScenario(env: Env, o: ScaleOptions, paths: LabPaths, earlier: readonly ScenarioResult[]): Promise<ScenarioResult> {
  const r: ScenarioResult = { id: 6, title: 'no-op rerun, 20 file tasks, by number of hosts', hosts: 0, tasksPerHost: TASKS_PER_HOST, samples: {}, roundTrips: {}, notes: [], scale: [] };
  const reused = reusedPoints(earlier);
  for (const hosts of o.hostCounts) {
    const known = reused.find((p) => p.hosts === hosts);
    if (known) {
      r.scale?.push(known);
      continue;
    }
    const inventory = `hosts-${hosts}.ini`;
    await writeFile(path.join(env.dir, inventory), fileInventory(fileHosts(hosts), paths));
    const converged = playJson(await runQuiet(playRun(env, ['files.yml', '-i', inventory]), `converging ${hosts} hosts`));
    if (converged.failed) throw new Error(`converging ${hosts} hosts with play: ${converged.failed} failed results`);
    const point: ScalePoint = { hosts, samples: {} };
    const commands = {
      play: playRun(env, ['files.yml', '-i', inventory]),
      'ansible-default': ansibleRun(env, false, hosts, ['-i', inventory, 'files.yml']),
      'ansible-tuned': ansibleRun(env, true, hosts, ['-i', inventory, 'files.yml']),
    };
    // alternately, as in the other scenarios, while a tool still has runs to do
    const left = new Map(TOOLS.map((t) => [t, runsAtPoint(t, hosts, o)]));
    while ([...left.values()].some((n) => n > 0)) {
      for (const tool of TOOLS) {
        if ((left.get(tool) ?? 0) <= 0) continue;
        left.set(tool, (left.get(tool) ?? 0) - 1);
        const s = await measure(commands[tool]);
        checkRun(s, `scenario 6 (${hosts} hosts) ${tool}`);
        (point.samples[tool] ??= []).push(s);
        env.progress(`scenario 6: ${hosts} hosts: ${tool}: ${s.wall.toFixed(2)} s, ${s.rssMb.toFixed(0)} MB`);
      }
    }
    r.scale?.push(point);
  }
  return r;
}
