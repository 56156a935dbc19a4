/**
 * The nunjucks Environment the Templar renders with: no autoescaping, Jinja2/Ansible filters,
 * tests and globals, the `env.play` runtime that compiled code calls, and a loader that hands
 * nunjucks templates already compiled by our compiler (for {% include %}, {% import %}, {% extends %}).
 */
import { restArgs } from './args.js';
import type { Filter, Test } from './args.js';
import { lookupValue, runLookup, type LookupHost } from './lookups/index.js';
import { createCollectionFilters } from './filters-collections.js';
import { ansibleFilters } from './filters-ansible.js';
import { coreFilters } from './filters-core.js';
import { mathFilters } from './filters-math.js';
import { dataFilters } from './filters-data.js';
import { textFilters } from './filters-text.js';
import { jinjaFilters } from './filters-jinja.js';
import { urlFilters } from './filters-url.js';
import { winPathFilters } from './filters-winpath.js';
import { nj } from './nunjucks-internals.js';
import type { EnvironmentInstance, TemplateProps } from './nunjucks-internals.js';
import { isMapping, plain, pyStr } from './python.js';
import { setOwn } from '../util/own-props.js';
import { regexFilters } from './regex.js';
import { namespace, playRuntime } from './runtime.js';
import type { PlayContext } from './runtime.js';
import { taintingFilter } from './secret-taint.js';
import { PASS_THROUGH_FILTERS, STRING_TYPE_FILTERS, markingFilter, unmarkingFilter } from './native-text.js';
import { createTests } from './tests.js';
import type { Vars } from './types.js';
import { versionCompare } from './version.js';

export interface TemplateSource {
  /** Compiles (or returns cached) template code for a name used in {% include %} and friends. */
  load(name: string): { props: TemplateProps; path: string } | undefined;
  /** Renders a template file (the template lookup). */
  renderFile(path: string, vars: Vars, searchPaths: string[]): string;
}

export interface PlayEnvironment extends EnvironmentInstance {
  play: typeof playRuntime;
}

/** The lookups' view of a render: its variables, and template files rendered with them. */
export function lookupHost(context: PlayContext, source: TemplateSource): LookupHost {
  return {
    variable: (name) => context.variable(name),
    variableNames: () => context.variableNames(),
    renderFile: (file, extra, searchPaths) => source.renderFile(file, variablesView(context, extra), searchPaths),
  };
}

/** The context's variables as a Vars object, read on demand (nothing is copied or templated early). */
function variablesView(context: PlayContext, extra: Vars): Vars {
  const has = (key: string | symbol): key is string => typeof key === 'string' && (Object.prototype.hasOwnProperty.call(extra, key) || context.variable(key) !== undefined);
  return new Proxy({} as Vars, {
    get: (_t, key) => (typeof key !== 'string' ? undefined : Object.prototype.hasOwnProperty.call(extra, key) ? extra[key] : context.variable(key)),
    has: (_t, key) => has(key),
    ownKeys: () => [...new Set([...context.variableNames(), ...Object.keys(extra)])],
    getOwnPropertyDescriptor: (_t, key) => (has(key) ? { enumerable: true, configurable: true, writable: false, value: undefined } : undefined),
  });
}

function lookupCall(source: TemplateSource, wantlist: boolean) {
  return function lookup(this: PlayContext, kind: unknown, ...args: unknown[]): unknown {
    const { positional, kwargs } = restArgs(args);
    const values = runLookup(pyStr(kind), positional, kwargs, lookupHost(this, source));
    const asList = wantlist || kwargs.wantlist === true;
    if (values === null) return asList ? [] : null;
    return asList ? values : lookupValue(values);
  };
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
  Object.assign(filters, coreFilters, textFilters, jinjaFilters, urlFilters, winPathFilters, dataFilters, regexFilters, mathFilters, ansibleFilters, createCollectionFilters({ filters, tests }));
  filters.version = versionCompare;
  filters.version_compare = versionCompare;
  for (const [name, fn] of Object.entries(filters)) env.addFilter(name, STRING_TYPE_FILTERS.has(name) ? markingFilter(taintingFilter(fn)) : unmarkingFilter(taintingFilter(fn), PASS_THROUGH_FILTERS.has(name)));
  for (const [name, fn] of Object.entries(tests)) env.addTest(name, unmarkingFilter(fn, false));

  env.addGlobal('lookup', lookupCall(source, false));
  env.addGlobal('query', lookupCall(source, true));
  env.addGlobal('q', env.globals.query);
  // dict(a=1), dict(pairs), dict(mapping, a=1): Python's dict()
  env.addGlobal('dict', (...args: unknown[]) => {
    const { positional, kwargs } = restArgs(args);
    const out: Record<string, unknown> = {};
    const first = plain(positional[0]);
    if (isMapping(first)) for (const [k, v] of Object.entries(first)) setOwn(out, k, v);
    else if (Array.isArray(first)) for (const pair of first) if (Array.isArray(pair) && pair.length === 2) setOwn(out, pyStr(pair[0]), pair[1]);
    for (const [k, v] of Object.entries(kwargs)) setOwn(out, k, v);
    return out;
  });
  env.addGlobal('namespace', (...args: unknown[]) => namespace(restArgs(args).kwargs));
  return env;
}
