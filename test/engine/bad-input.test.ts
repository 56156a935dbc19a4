import { readdirSync, readFileSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCAL_HOSTS, Project, type RunOutput } from '../support/project.js';
import { replaceSection } from '../support/doc-section.js';

/**
 * Bad input is rejected before any host is touched: one clear message with file:line:col and a
 * hint, exit 4 (parse) or 5 (options). Each case is a directory under bad-input/: the project's
 * files plus expected.yml (exit code, message and hint patterns, the file:line:col). The cases
 * marked `stage: run` are errors Ansible, too, only finds when the task runs; the canary task
 * (copying ran-<host> into the project) proves that the others touched no host.
 * docs/reliability.md lists every case with the message it gives (PLAY_UPDATE_DOCS=1 rewrites it).
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CASES = path.join(HERE, 'bad-input');
const DOC = path.join(HERE, '../../docs/reliability.md');

interface Expected {
  case: string;
  exit: number;
  message: string;
  where?: string;
  hint?: string;
  stage?: 'run';
  options?: Record<string, unknown>;
  playbooks?: string[];
  note?: string;
}

interface Outcome {
  dir: string;
  expected: Expected;
  code: number;
  message: string;
}

async function filesOf(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || (e.parentPath === dir && e.name === 'expected.yml')) continue;
    const full = path.join(e.parentPath, e.name);
    files[path.relative(dir, full)] = await readFile(full, 'utf8');
  }
  return files;
}

/**
 * What the user sees first: the error line(s) on stderr, the warnings (JSON lines under --json,
 * shown here as the console shows them), or the failed task's message.
 */
function shownMessage(out: RunOutput, stage: string | undefined): string {
  if (stage === 'run') {
    // a host failed outside any task result (an include_role whose role is missing) shows ERROR!
    const hostErrors = out.stdout.split('\n').filter((l) => l.startsWith('{"event":"error"')).map((l) => JSON.parse(l) as { host: string; msg: string }).map((e) => `ERROR! [${e.host}] ${e.msg}`);
    return out.results.find((r) => r.status === 'failed')?.msg ?? [...hostErrors, out.stderr.trim()].filter(Boolean).join('\n');
  }
  const warnings = out.stdout.split('\n').filter((l) => l.startsWith('{"event":"warning"')).map((l) => `[WARNING]: ${(JSON.parse(l) as { msg: string }).msg}`);
  return [out.stderr.trim(), ...warnings].filter(Boolean).join('\n');
}

const caseDirs = readdirSync(CASES).sort();
const outcomes: Outcome[] = [];
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('bad input is rejected before any host is touched', () => {
  it('has at least 40 cases', () => expect(caseDirs.length).toBeGreaterThanOrEqual(40));

  for (const dir of caseDirs) {
    const expected = parse(readFileSync(path.join(CASES, dir, 'expected.yml'), 'utf8')) as Expected;
    it(`${dir}: ${expected.case}`, async () => {
      project = await Project.create({ 'hosts.ini': LOCAL_HOSTS, ...(await filesOf(path.join(CASES, dir))) });
      const options = { ...(expected.options ?? {}) };
      for (const key of ['inventory', 'vaultPasswordFile'] as const) {
        const v = options[key];
        if (Array.isArray(v)) options[key] = v.map((f: string) => project?.path(f));
      }
      const out = await project.run({ ...options, ...(expected.playbooks ? { playbooks: expected.playbooks } : {}) });
      const shown = shownMessage(out, expected.stage);
      expect(out.code).toBe(expected.exit);
      expect(shown).toMatch(new RegExp(expected.message));
      if (expected.where) expect(shown).toContain(project.path(expected.where));
      if (expected.hint) expect(shown).toMatch(new RegExp(`hint: .*${expected.hint}`));
      if (expected.exit !== 0) expect(shown).toMatch(/\n\s*hint: \S/);
      if (expected.stage === 'run') {
        expect(out.results.filter((r) => r.task === 'canary').length).toBeGreaterThan(0);
      } else {
        expect(out.results).toEqual([]);
        expect((await readdir(project.dir)).filter((f) => f.startsWith('ran-'))).toEqual([]);
        // one message: a single ERROR! (or warning) and no stack trace
        expect(shown.match(/ERROR!/g)?.length ?? 0).toBeLessThanOrEqual(1);
        expect(shown).not.toMatch(/\n\s+at /);
      }
      outcomes.push({ dir, expected, code: out.code, message: shown.replaceAll(`${project.dir}/`, '').replaceAll(project.dir, '.') });
    });
  }

  it('docs/reliability.md lists every case with the message it gives', async () => {
    expect(outcomes.length).toBe(caseDirs.length); // every case above passed
    const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n\s*/g, ' ⏎ ');
    const rows = outcomes.map((o) => {
      const when = o.expected.stage === 'run' ? 'when the task runs' : 'before any host';
      return `| ${o.dir.slice(0, 2)} | ${cell(o.expected.case)} | ${o.code} | ${when} | ${cell(o.message)} |`;
    });
    const table = ['| # | case | exit | rejected | message (test/engine/bad-input/) |', '|---|---|---|---|---|', ...rows].join('\n');
    const doc = await readFile(DOC, 'utf8');
    const updated = replaceSection(doc, 'bad-input', table);
    if (process.env.PLAY_UPDATE_DOCS === '1') await writeFile(DOC, updated);
    else expect(doc, 'docs/reliability.md is out of date: run the test with PLAY_UPDATE_DOCS=1').toBe(updated);
  });
});
