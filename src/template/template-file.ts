/**
 * A template file's text made ready for the lexer as Ansible's Templar.do_template does it: the
 * `#jinja2: key: value, …` override line, Jinja2's newline handling (line breaks read as "\n",
 * the last one dropped) and the trailing newlines Ansible puts back after rendering.
 */
import { TemplateSyntaxError } from './errors.js';
import type { LexerOptions } from './lexer-options.js';

const OVERRIDE = '#jinja2:';

/** The override line's keys: Jinja2 environment settings play's lexer carries. */
const OVERRIDE_KEYS: ReadonlyMap<string, keyof LexerOptions | 'keepTrailingNewline'> = new Map([
  ['trim_blocks', 'trimBlocks'],
  ['lstrip_blocks', 'lstripBlocks'],
  ['block_start_string', 'blockStart'],
  ['block_end_string', 'blockEnd'],
  ['variable_start_string', 'variableStart'],
  ['variable_end_string', 'variableEnd'],
  ['comment_start_string', 'commentStart'],
  ['comment_end_string', 'commentEnd'],
  ['newline_sequence', 'newline'],
  ['keep_trailing_newline', 'keepTrailingNewline'],
]);

export interface PreparedTemplate {
  source: string;
  lexer: LexerOptions;
  /** Newlines ending the file: Ansible restores that many after rendering. */
  trailingNewlines: number;
}

const PY_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"' };

/** A value of the override line, read as Python's ast.literal_eval reads the literals used there. */
function literal(text: string, fail: (why: string) => never): boolean | string | number {
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return (quoted[2] ?? '').replace(/\\(.)/g, (all, c: string) => PY_ESCAPES[c] ?? all);
  return fail(`'${text}' is not a Python literal (True, False, a number or a quoted string)`);
}

function applyOverrides(line: string, lexer: LexerOptions, path: string): { lexer: LexerOptions; keepTrailingNewline: boolean } {
  const out = { ...lexer };
  let keepTrailingNewline = false;
  for (const pair of line.split(',')) {
    const fail = (why: string): never => {
      throw new TemplateSyntaxError(`failed to parse jinja2 override '${pair.trim()}' in ${path}: ${why}`, {
        source: { file: path, line: 1 },
        hint: 'write the first line as `#jinja2: trim_blocks: False, lstrip_blocks: True`',
      });
    };
    const colon = pair.indexOf(':');
    if (colon < 0) fail('use a colon between the key and the value');
    const key = pair.slice(0, colon).trim();
    const field = OVERRIDE_KEYS.get(key) ?? fail(`play does not support the setting '${key}' (it has ${[...OVERRIDE_KEYS.keys()].join(', ')})`);
    const value = literal(pair.slice(colon + 1).trim(), fail);
    if (field === 'keepTrailingNewline') keepTrailingNewline = value === true;
    else if (field === 'trimBlocks' || field === 'lstripBlocks') out[field] = value === true;
    else if (typeof value !== 'string') fail(`${key} must be a string`);
    else out[field] = value;
  }
  return { lexer: out, keepTrailingNewline };
}

/**
 * @param allowOverride the file is rendered by itself (template module, template lookup), not
 *   included: only then is a first line `#jinja2: …` read as settings, as in Ansible.
 */
export function prepareTemplate(text: string, base: LexerOptions, path: string, allowOverride: boolean): PreparedTemplate {
  const trailingNewlines = /\n*$/.exec(text)?.[0].length ?? 0;
  let lexer = base;
  let keepTrailingNewline = false;
  let body = text;
  if (allowOverride && text.startsWith(OVERRIDE)) {
    const eol = text.indexOf('\n');
    const end = eol < 0 ? text.length : eol;
    ({ lexer, keepTrailingNewline } = applyOverrides(text.slice(OVERRIDE.length, end), base, path));
    body = eol < 0 ? '' : text.slice(eol + 1);
  }
  // Jinja2 reads every line break as "\n" and drops the last one (keep_trailing_newline off)
  const lines = body.split(/\r\n|\r|\n/);
  if (!keepTrailingNewline && lines.at(-1) === '') lines.pop();
  return { source: lines.join('\n'), lexer, trailingNewlines };
}

/** Ansible's preserve_trailing_newlines: the file's trailing newlines the render lost come back. */
export function restoreTrailingNewlines(output: string, prepared: PreparedTemplate): string {
  const have = /\n*$/.exec(output)?.[0].length ?? 0;
  return prepared.trailingNewlines > have ? output + prepared.lexer.newline.repeat(prepared.trailingNewlines - have) : output;
}
