/**
 * The nunjucks Environment the Templar renders with: no autoescaping, Jinja2/Ansible filters,
 * tests and globals, the `env.play` runtime that compiled code calls, and a loader that hands
 * nunjucks templates already compiled by our compiler (for {% include %}, {% import %}, {% extends %}).
 */
import { readFileSync } from 'node:fs';
import { restArgs } from './args.js';
import type { Filter, Test } from './args.js';
import { JinjaError } from './errors.js';
import { createCollectionFilters } from './filters-collections.js';
import { coreFilters } from './filters-core.js';
import { dataFilters } from './filters-data.js';
import { nj } from './nunjucks-internals.js';
import type { EnvironmentInstance, TemplateProps } from './nunjucks-internals.js';
import { pyStr } from './python.js';
import { regexFilters } from './regex.js';
import { playRuntime } from './runtime.js';
import type { PlayContext } from './runtime.js';
import { taintingFilter } from './secret-taint.js';
import { createTests } from './tests.js';
import { versionCompare } from './version.js';

export interface TemplateSource {
  /** Compiles (or returns cached) template code for a name used in {% include %} and friends. */
  load(name: string): { props: TemplateProps; path: string } | undefined;
}

export interface PlayEnvironment extends EnvironmentInstance {
  play: typeof playRuntime;
}

/** `lookup('env', 'HOME')`, `lookup('vars', 'x')`, `lookup('file', path)`: the controller-side lookups. */
function lookup(this: PlayContext, kind: unknown, ...args: unknown[]): unknown {
  const { positional, kwargs } = restArgs(args);
  const terms = positional.map((t) => pyStr(t));
  let values: unknown[];
  switch (pyStr(kind)) {
    case 'env':
      values = terms.map((t) => process.env[t] ?? (kwargs.default === undefined ? '' : kwargs.default));
      break;
    case 'vars':
      values = terms.map((t) => {
        const v = this.lookup(t);
        if (v === undefined && kwargs.default === undefined) throw new JinjaError(`No variable found with this name: ${t}`);
        return v ?? kwargs.default;
      });
      break;
    case 'file':
      values = terms.map((t) => {
        try {
          return readFileSync(t, 'utf8').replace(/\n$/, '');
        } catch {
          throw new JinjaError(`could not locate file in lookup: ${t}`);
        }
      });
      break;
    case 'items':
    case 'list':
      return positional.flat();
    default:
      throw new JinjaError(`lookup plugin '${pyStr(kind)}' not found`, "available lookups: env, vars, file, items, list");
  }
  return kwargs.wantlist === true ? values : values.length === 1 ? values[0] : values.map((v) => pyStr(v)).join(',');
}

export function createEnvironment(source: TemplateSource): PlayEnvironment {
  const loader = {
    getSource(name: string) {
      const hit = source.load(name);
      return hit ? { src: { type: 'code', obj: hit.props }, path: hit.path, noCache: true } : null;
    },
  };
  const env = new nj.Environment([loader], {
    autoescape: false,
    trimBlocks: true,
    lstripBlocks: false,
    dev: true,
    throwOnUndefined: false,
  }) as PlayEnvironment;
  env.play = playRuntime;

  const filters: Record<string, Filter> = {};
  const tests: Record<string, Test> = createTests();
  Object.assign(filters, coreFilters, dataFilters, regexFilters, createCollectionFilters({ filters, tests }));
  filters.version = versionCompare;
  filters.version_compare = versionCompare;
  for (const [name, fn] of Object.entries(filters)) env.addFilter(name, taintingFilter(fn));
  for (const [name, fn] of Object.entries(tests)) env.addTest(name, fn);

  env.addGlobal('lookup', lookup);
  env.addGlobal('query', function query(this: PlayContext, kind: unknown, ...args: unknown[]) {
    return lookup.call(this, kind, ...args, { __keywords: true, wantlist: true });
  });
  env.addGlobal('q', env.globals.query);
  env.addGlobal('dict', (...args: unknown[]) => restArgs(args).kwargs);
  return env;
}
