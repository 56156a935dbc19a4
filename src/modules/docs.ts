import type { ArgConstraints } from './arg-spec.js';
import { EXECUTOR_ACTIONS } from './registry.js';
import type { ModuleDefinition } from './types.js';

/**
 * docs/modules.md is generated from the modules' own schemas (one source of truth, like
 * changesets' JSON schema): a test fails when the committed file and the code disagree.
 */
export interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string } };
  safeParse(v: unknown): { success: boolean };
}

export function describeType(schema: ZodLike, depth = 0): string {
  const def = schema._zod.def;
  if (depth > 6) return 'any';
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return describeType(def.innerType as ZodLike, depth + 1);
    case 'pipe':
      return describeType(def.out as ZodLike, depth + 1);
    case 'enum':
      return Object.keys(def.entries as Record<string, unknown>).join(' \\| ');
    case 'literal':
      return (def.values as unknown[]).map((v) => JSON.stringify(v)).join(' \\| ');
    case 'array':
      return `list of ${describeType(def.element as ZodLike, depth + 1)}`;
    case 'union':
      return [...new Set((def.options as ZodLike[]).map((o) => describeType(o, depth + 1)))].join(' or ');
    case 'record':
    case 'object':
      return 'mapping';
    case 'unknown':
    case 'any':
      return 'any';
    case 'number':
    case 'int':
      return 'int';
    default:
      return def.type;
  }
}

export function defaultOf(schema: ZodLike): string {
  const def = schema._zod.def;
  if (def.type === 'default') {
    const v = def.defaultValue;
    return typeof v === 'function' ? '' : JSON.stringify(v);
  }
  if (def.type === 'optional' || def.type === 'nullable') return defaultOf(def.innerType as ZodLike);
  return '';
}

/** The object schema's fields; a module without one takes free-form arguments. */
export function objectShape(schema: ZodLike): Record<string, ZodLike> | undefined {
  const def = schema._zod.def;
  return def.type === 'object' ? (def.shape as Record<string, ZodLike>) : undefined;
}

/** Ansible's constraints in its own words, so the table says what validation enforces. */
export function constraintRows(c: ArgConstraints | undefined): string[] {
  if (!c) return [];
  const code = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');
  return [
    ...(c.mutuallyExclusive ?? []).map((g) => `only one of ${code(g)}`),
    ...(c.requiredOneOf ?? []).map((g) => `one of ${code(g)} is required`),
    ...(c.requiredTogether ?? []).map((g) => `${code(g)} together or not at all`),
    ...(c.requiredIf ?? []).map((r) => `with \`${r.name}\` = ${JSON.stringify(r.is)}: ${r.anyOf ? 'one of ' : ''}${code(r.require)} required`),
    ...Object.entries(c.requiredBy ?? {}).map(([name, needs]) => `\`${name}\` needs ${code(needs)}`),
  ];
}

function argRows(mod: ModuleDefinition): string {
  const shape = objectShape(mod.args as unknown as ZodLike);
  if (!shape) return 'free-form mapping of names to values';
  return Object.entries(shape)
    .filter(([name]) => !name.startsWith('_') || name === '_raw_params')
    .map(([name, s]) => {
      const required = !s.safeParse(undefined).success;
      const dflt = defaultOf(s);
      const secret = mod.secretArgs?.includes(name) ? ' (secret)' : '';
      const aliases = mod.aliases?.[name]?.length ? ` (aliases: ${mod.aliases[name].join(', ')})` : '';
      return `\`${name}\`${required ? '*' : ''}: ${describeType(s)}${dflt ? ` = ${dflt}` : ''}${secret}${aliases}`;
    })
    .concat(constraintRows(mod.constraints))
    .join('<br>');
}

export function renderModulesDoc(modules: readonly ModuleDefinition[]): string {
  const sorted = [...modules].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# Modules',
    '',
    '<!-- generated from the modules\' schemas by test/docs/modules-doc.test.ts: run `npx vitest run test/docs -u` after changing a module -->',
    '',
    'A module only plans changes and the executor alone applies them, so `--check` never changes',
    'anything. *check*: "predicts" means check mode reports exactly the changes (and diffs) of the',
    'real run; otherwise it says what check mode does instead. *diff*: what `--diff` shows, or',
    '"none" when the module reports no diff. The lab matrix (test/modules/lab-matrix.ssh.test.ts)',
    'holds each module to both on a lab host over SSH; the few it cannot run there (package',
    'managers, kernel modules, the shared Asterisk and phone) are listed with the tests that cover',
    'them instead in test/modules/lab-matrix-scenarios.ts. Modules marked *controller* run on the',
    'controller (no connection to the host). Arguments marked * are required; an argument may be',
    'given under any of its aliases. The rules after the arguments (only one of…, one of… is',
    'required) are checked, with Ansible\'s messages, before the module plans anything. Ansible\'s',
    '`ansible.builtin.` prefix is accepted. `play doc MODULE` shows one module as ansible-doc does',
    '(with choices, an example and its return values); `play doc -l` lists them.',
    '',
    '| module | runs on | check | diff | arguments |',
    '|---|---|---|---|---|',
  ];
  for (const m of sorted) {
    lines.push(`| \`${m.name}\` | ${m.controllerOnly ? 'controller' : 'target'} | ${m.checkMode ?? 'predicts'} | ${m.diff ?? 'none'} | ${m.description}<br>${argRows(m)} |`);
  }
  lines.push('', 'Actions run by the executor itself: ' + [...EXECUTOR_ACTIONS].sort().map((a) => `\`${a}\``).join(', ') + '.', '');
  return lines.join('\n');
}
