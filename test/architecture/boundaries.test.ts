import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer boundaries of eslint.config.js catch what they are meant to: each case lints a small
 * source text as if it were a file at that path in the project (in memory, nothing is written),
 * with the project's own configuration.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary messages ESLint reports for `code` placed at `file` (relative to the project). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`ESLint could not parse ${file}: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('layer boundaries (eslint.config.js)', () => {
  it('reports the executor importing the lab, statically or through import()', async () => {
    const errors = await boundaryErrors(
      'src/executor/boundary-probe.ts',
      "import { labPaths } from '../lab/index.js';\nexport const paths = labPaths;\nexport const cli = () => import('../cli/index.js');\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/src\/executor\) never imports lab/);
  });

  it('reports a module importing the phone emulator, also as a re-export or a type', async () => {
    expect(await boundaryErrors('src/modules/phone/boundary-probe.ts', "export * from '../../spa303/params.js';\n")).toHaveLength(1);
    expect(await boundaryErrors('src/modules/phone/boundary-probe.ts', "import type { LabPaths } from '../../lab/hosts.js';\nexport type P = LabPaths;\n")).toHaveLength(1);
  });

  it('reports the layer order inside the engine: template must not reach connection', async () => {
    const errors = await boundaryErrors('src/template/boundary-probe.ts', "import { quote } from '../connection/command.js';\nexport const q = quote;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src\/template may not import .*connection/);
  });

  it('reports the load test importing the command line', async () => {
    expect(await boundaryErrors('src/loadtest/boundary-probe.ts', "import { run } from '../cli/index.js';\nexport const r = run;\n")).toHaveLength(1);
  });

  it('reports the engine importing the run history or the dashboard, and the history importing the CLI', async () => {
    expect(await boundaryErrors('src/executor/boundary-probe.ts', "import { openHistory } from '../history/db.js';\nexport const o = openHistory;\n")).toHaveLength(1);
    expect(await boundaryErrors('src/reporter/boundary-probe.ts', "export const s = () => import('../serve/server.js');\n")).toHaveLength(1);
    expect(await boundaryErrors('src/history/boundary-probe.ts', "import { runCommand } from '../cli/commands/run.js';\nexport const r = runCommand;\n")).toHaveLength(1);
    expect(await boundaryErrors('src/serve/boundary-probe.ts', "import { openHistory } from '../history/db.js';\nimport { runCommand } from '../cli/commands/run.js';\nexport const x = [openHistory, runCommand];\n")).toEqual([]);
  });

  it('lets each layer import what lies below it, and the tools on top import the engine', async () => {
    expect(await boundaryErrors('src/executor/boundary-probe.ts', "import { quote } from '../util/shell-quote.js';\nimport { sh } from '../connection/command.js';\nexport const x = [quote, sh];\n")).toEqual([]);
    expect(await boundaryErrors('src/template/boundary-probe.ts', "import { quote } from '../util/shell-quote.js';\nexport const q = quote;\n")).toEqual([]);
    expect(await boundaryErrors('src/spa303/boundary-probe.ts', "import { parseFlatProfile } from '../protocol/spa303/flat-profile.js';\nexport const p = parseFlatProfile;\n")).toEqual([]);
    expect(await boundaryErrors('src/lab/boundary-probe.ts', "import { loadConfig } from '../project/config.js';\nexport const c = loadConfig;\n")).toEqual([]);
  });
});
