/**
 * The differential harness: every playbook of corpus/ runs under `ansible-playbook` (local
 * connection) and under `play`, and their per-task results are compared (compare.ts). A
 * difference fails the test unless known-differences.yml lists it with its reason; a listed
 * difference that has gone away fails it too, so the list stays true. Prints how many task
 * results were compared and how many were identical.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasAnsible } from '../support/ansible.js';
import { compareRuns, type CaseComparison } from './compare.js';
import { makeRoot, removeRoot, runAnsible, runPlay, type CorpusCase, type ToolRun } from './run-tools.js';

const CORPUS = fileURLToPath(new URL('./corpus', import.meta.url));
const KNOWN = fileURLToPath(new URL('./known-differences.yml', import.meta.url));
/** Ansible runs at once: each is a Python process of ~1 s CPU; the machine may have 2 cores. */
const JOBS = Number(process.env.PLAY_COMPAT_JOBS ?? 3);

function corpus(): CorpusCase[] {
  return readdirSync(CORPUS)
    .sort()
    .flatMap((entry) => {
      const source = path.join(CORPUS, entry);
      const isDir = statSync(source).isDirectory();
      if (!isDir && !entry.endsWith('.yml')) return [];
      const text = readFileSync(isDir ? path.join(source, 'site.yml') : source, 'utf8');
      const args = /^# compat-args:(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
      return [{ name: entry.replace(/\.yml$/, ''), source, args }];
    });
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** PLAY_COMPAT_ONLY=name,name runs only those cases (while working on them). */
const only = process.env.PLAY_COMPAT_ONLY?.split(',');
const cases = corpus().filter((c) => !only || only.includes(c.name));
const known = (parse(readFileSync(KNOWN, 'utf8')) ?? {}) as Record<string, Record<string, string>>;
const outcomes = new Map<string, { comparison: CaseComparison; ansible: ToolRun; play: ToolRun }>();
let root = '';

describe.runIf(hasAnsible())('play and ansible-playbook give the same results', () => {
  beforeAll(async () => {
    root = await makeRoot();
    const playRuns = new Map<string, ToolRun>();
    // play's runs share this process (and its cwd): one at a time, while Ansible's run alongside
    const playDone = (async () => {
      for (const c of cases) playRuns.set(c.name, await runPlay(c, root));
    })();
    const ansibleRuns = await pool(cases, JOBS, (c) => runAnsible(c, root));
    await playDone;
    cases.forEach((c, i) => {
      const ansible = ansibleRuns[i] as ToolRun;
      const play = playRuns.get(c.name) as ToolRun;
      outcomes.set(c.name, { comparison: compareRuns(ansible, play), ansible, play });
    });
    // the corpus grows and the machine may be shared: allow each case a generous share, not a fixed total
  }, Math.max(600_000, cases.length * 20_000));

  afterAll(async () => {
    if (root) await removeRoot(root);
    let compared = 0;
    let identical = 0;
    for (const { comparison } of outcomes.values()) {
      compared += comparison.compared;
      identical += comparison.identical;
    }
    const pct = compared ? ((100 * identical) / compared).toFixed(1) : '0';
    process.stderr.write(`[compat] ${cases.length} playbooks, ${compared} task results compared, ${identical} identical (${pct} %)\n`);
  });

  it('lists known differences only for cases that exist', () => {
    expect(Object.keys(known).filter((k) => !corpus().some((c) => c.name === k))).toEqual([]);
  });

  it.each(cases.map((c) => c.name))('%s', (name) => {
    const outcome = outcomes.get(name);
    expect(outcome, 'the case ran').toBeDefined();
    const { comparison, ansible, play } = outcome as NonNullable<typeof outcome>;
    expect(ansible.lines.length, `ansible-playbook produced results:\n${ansible.stderr}`).toBeGreaterThan(0);
    const expected = known[name] ?? {};
    const unexpected = comparison.differences.filter((d) => !(d.key in expected));
    const fixed = Object.keys(expected).filter((k) => !comparison.differences.some((d) => d.key === k));
    expect(unexpected, `play stderr:\n${play.stderr}`).toEqual([]);
    expect(fixed, 'listed in known-differences.yml but now identical').toEqual([]);
  });
});
