import { constraintRows, defaultOf, describeType, objectShape, type ZodLike } from './docs.js';
import { MODULE_EXAMPLES, MODULE_RETURNS } from './doc-data.js';
import type { ModuleDefinition } from './types.js';

/**
 * `play doc MODULE` and `play doc -l`: ansible-doc's text, from the module's own schema (the
 * arguments, their types, defaults, choices and aliases), its check and diff behaviour, return
 * values and an example.
 */
export function renderModuleList(modules: readonly ModuleDefinition[]): string {
  const sorted = [...modules].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(...sorted.map((m) => m.name.length)) + 1;
  return sorted.map((m) => `${m.name.padEnd(width)} ${m.description}\n`).join('');
}

const indent = (text: string, n = 8): string =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

export function renderModuleDoc(mod: ModuleDefinition): string {
  const out: string[] = [`> ${mod.name.toUpperCase()}    (play, ${mod.controllerOnly ? 'runs on the controller' : 'runs on the target'})`, '', indent(mod.description), ''];
  out.push('OPTIONS (= is mandatory):', '');
  const shape = objectShape(mod.args as unknown as ZodLike);
  if (!shape) out.push(indent('free-form: a mapping of names to values'), '');
  for (const [name, s] of Object.entries(shape ?? {})) {
    if (name.startsWith('_') && name !== '_raw_params') continue;
    const required = !s.safeParse(undefined).success;
    out.push(`${required ? '=' : '-'} ${name}${name === '_raw_params' ? ' (the free-form text: "command: ls -l")' : ''}`);
    const lines: string[] = [];
    const aliases = mod.aliases?.[name];
    if (aliases?.length) lines.push(`aliases: [${aliases.join(', ')}]`);
    const choices = choicesOf(s);
    if (choices) lines.push(`choices: [${choices.join(', ')}]`);
    const dflt = defaultOf(s);
    if (!required) lines.push(`default: ${dflt || 'null'}`);
    if (mod.secretArgs?.includes(name)) lines.push('secret: masked in output and diffs');
    lines.push(`type: ${choices ? 'string' : describeType(s).replaceAll('\\|', '|')}`);
    out.push(indent(lines.join('\n')), '');
  }
  const rules = constraintRows(mod.constraints).map((r) => `* ${r.replaceAll('`', '')}`);
  if (rules.length) out.push('NOTES:', indent(rules.join('\n')), '');
  out.push(
    'ATTRIBUTES:',
    indent(`check_mode: ${mod.checkMode ?? 'predicts: check mode reports exactly the changes and diffs of the real run'}\ndiff_mode: ${mod.diff ?? 'none: the module reports no diff'}\nplatform: ${mod.controllerOnly ? 'the controller (no connection)' : 'the target, over its connection (POSIX sh, no Python)'}`),
    '',
  );
  out.push('EXAMPLES:', '', MODULE_EXAMPLES[mod.name] ?? exampleOf(mod), '', 'RETURN VALUES:');
  const returns: Record<string, string> = { ...(MODULE_RETURNS[mod.name] ?? {}), changed: 'whether the task changed the host', failed: 'true when the task failed' };
  if (!MODULE_RETURNS[mod.name]) returns.msg = 'what happened (on failure: why)';
  for (const [k, v] of Object.entries(returns)) out.push(`- ${k}`, indent(v));
  return `${out.join('\n')}\n`;
}

/** The allowed values of an enum argument (through optional, default and pipe wrappers). */
function choicesOf(schema: ZodLike, depth = 0): string[] | undefined {
  const def = schema._zod.def;
  if (depth > 6) return undefined;
  if (def.type === 'enum') return Object.keys(def.entries as Record<string, unknown>);
  if (def.type === 'literal') return (def.values as unknown[]).map(String);
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') return choicesOf(def.innerType as ZodLike, depth + 1);
  if (def.type === 'pipe') return choicesOf(def.out as ZodLike, depth + 1);
  return undefined;
}

/** An example from the schema: the required arguments with placeholder values of their type. */
function exampleOf(mod: ModuleDefinition): string {
  const shape = objectShape(mod.args as unknown as ZodLike) ?? {};
  const args = Object.entries(shape).filter(([n, s]) => !n.startsWith('_') && !s.safeParse(undefined).success);
  const value = (name: string, s: ZodLike): string => {
    const choices = choicesOf(s);
    if (choices?.length) return choices[0] as string;
    const type = describeType(s);
    if (type.startsWith('int')) return '1';
    if (type.startsWith('boolean')) return 'true';
    if (type.startsWith('list')) return `[${name.toUpperCase()}]`;
    return name.includes('path') || name === 'dest' || name === 'src' ? `/path/to/${name}` : name.toUpperCase();
  };
  const body = args.length ? `\n${args.map(([n, s]) => `    ${n}: ${value(n, s)}`).join('\n')}` : ' {}';
  return `- name: ${mod.description.replace(/\.$/, '')}\n  ${mod.name}:${body}`;
}
