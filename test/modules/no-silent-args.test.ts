/**
 * Nothing accepted and ignored: every argument of every registered module either has an effect
 * (its name is read by the module's code, or it is declared below as used through a whole
 * argument object) or is refused (built with src/modules/refused.ts, and proven here to refuse
 * a value other than the one that changes nothing). The same for the playbook keywords.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { validateModuleArgs } from '../../src/modules/arg-spec.js';
import { allModules } from '../../src/modules/registry.js';
import { REFUSED_ARGS } from '../../src/modules/refused.js';
import { ACCEPTED_NOOP, BLOCK_KEYWORDS, PLAY_KEYWORDS, REFUSED_KEYWORDS, TASK_KEYWORDS } from '../../src/playbook/keywords.js';

const repo = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) text += sources(p);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) text += readFileSync(p, 'utf8');
  }
  return text;
}

/** The engine's code that could read an argument: modules, the executor and its controller steps. */
const CODE = sources(join(repo, 'src/modules')) + sources(join(repo, 'src/executor'));

/** Arguments read through the whole parsed object (`...a`, helpers taking `a`), with where. */
const USED_WHOLE: Record<string, string> = {
  'cron.disabled': 'jobLine({ ...a }) in cron.ts',
  'command.chdir': 'runChange(…, a) and guard(ctx, a) in commands/common.ts',
  'command.stdin': 'runChange(…, a)',
  'command.stdin_add_newline': 'runChange(…, a)',
  'shell.chdir': 'runChange(…, a)',
  'shell.stdin': 'runChange(…, a)',
  'shell.stdin_add_newline': 'runChange(…, a)',
  'file.modification_time': 'file-times.ts reads a.modification_time',
};

/** `a.name`, `a['name']`, `{ name }` destructuring or `args.name` in the code, beyond the schema line. */
function readInCode(name: string): boolean {
  const uses = CODE.match(new RegExp(`(\\.${name}\\b|\\['${name}'\\]|[{,]\\s*${name}\\s*[,}])`, 'g')) ?? [];
  return uses.length > 0;
}

/**
 * Known gaps, each still accepted without effect: fact gathering's options belong to the facts
 * work (issue 15, "habits"), which replaces setup. Listed so the gap is visible and shrinks.
 */
const KNOWN_GAPS: Record<string, string> = {
  'setup.gather_subset': 'facts gathering (setup) has one fixed set',
  'setup.gather_timeout': 'facts gathering (setup) has no timeout of its own',
  'setup.filter': 'facts gathering (setup) returns every fact',
};

describe('no module argument is accepted and ignored', () => {
  for (const mod of allModules()) {
    const shape = (mod.args as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
    it(`${mod.name}: every argument acts or refuses`, () => {
      for (const [name, schema] of Object.entries(shape)) {
        const refused = REFUSED_ARGS.get(schema);
        if (refused) {
          const res = validateModuleArgs(mod, { ...requiredArgs(shape), [name]: refused.sample });
          expect(res.ok, `${mod.name}.${name} must refuse ${JSON.stringify(refused.sample)}`).toBe(false);
          continue;
        }
        expect(readInCode(name) || `${mod.name}.${name}` in USED_WHOLE || `${mod.name}.${name}` in KNOWN_GAPS, `${mod.name}.${name}: neither read by the code nor refused`).toBe(true);
      }
    });
  }
});

/** Placeholder values for the required arguments, so a refusal is what makes validation fail. */
function requiredArgs(shape: Record<string, z.ZodType>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) if (!schema.safeParse(undefined).success) out[name] = name === 'paths' ? ['/tmp'] : 'x';
  return out;
}

describe('no keyword is accepted and ignored', () => {
  /** Keywords with no effect that is Ansible's to keep, and why. */
  const DECLARED_NOOP: Record<string, string> = {
    collections: 'module names resolve with or without their collection prefix: the search list changes nothing',
    debugger: 'the debugger is interactive and off by default; a task that asks for it runs as without it',
    become_exe: 'become runs sudo/su from PATH, what become_exe names by default',
  };
  const LOADER = sources(join(repo, 'src/playbook')) + sources(join(repo, 'src/executor'));

  it('every task, block and play keyword is read, refused, or declared with its reason', () => {
    const all = new Set([...TASK_KEYWORDS, ...BLOCK_KEYWORDS, ...PLAY_KEYWORDS]);
    for (const kw of all) {
      if (kw in REFUSED_KEYWORDS) continue;
      if (kw in DECLARED_NOOP) continue;
      const read = new RegExp(`(\\.${kw}\\b|\\['${kw}'\\]|raw\\.${kw}\\b|'${kw}')`).test(LOADER.replace(/export const (TASK|BLOCK|PLAY)_KEYWORDS[\s\S]*?\]\);/g, ''));
      expect(read, `keyword ${kw}: neither read nor refused`).toBe(true);
    }
    expect(Object.keys(DECLARED_NOOP).sort()).toEqual([...ACCEPTED_NOOP].sort());
  });
});
