/**
 * Ansible's `key=value` argument strings ("dest=/etc/x mode=0644", "echo hi creates=/tmp/x"),
 * parsed as Ansible's parsing/splitter.py does: words split on spaces, regrouped inside quotes
 * and `{{ }}`/`{% %}`/`{# #}`; newlines kept (a multi-line `shell: |` stays multi-line); escapes
 * (`\n`, `\t`, `\x41`, `\u00e9`…) decoded in `key=value` values, not in free-form text.
 */

function quoteState(token: string, quoteChar: string | null): string | null {
  let q = quoteChar;
  for (let i = 0; i < token.length; i++) {
    const c = token[i] as string;
    if ((c === '"' || c === "'") && (i === 0 || token[i - 1] !== '\\')) {
      if (q) {
        if (c === q) q = null;
      } else q = c;
    }
  }
  return q;
}

function countBlocks(token: string, depth: number, open: string, close: string): number {
  const opens = token.split(open).length - 1;
  const closes = token.split(close).length - 1;
  return opens === closes ? depth : Math.max(0, depth + opens - closes);
}

/** Ansible's split_args: words with the whitespace inside quotes/blocks and line ends kept. */
export function splitArgs(text: string): string[] {
  const params: string[] = [];
  const items = text.split('\n');
  let quoteChar: string | null = null;
  let inside = false;
  let printDepth = 0;
  let blockDepth = 0;
  let commentDepth = 0;
  const appendToLast = (s: string): void => {
    // Ansible raises IndexError here ("Unable to parse argument string")
    if (!params.length) throw new Error('unable to parse argument string (it starts with a space or an empty line inside quotes)');
    params[params.length - 1] += s;
  };
  items.forEach((item, itemIdx) => {
    const tokens = item.split(' ');
    let continuation = false;
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        appendToLast(' ');
        return;
      }
      if (token === '\\' && !inside) {
        continuation = true;
        return;
      }
      const wasInside = inside;
      quoteChar = quoteState(token, quoteChar);
      inside = quoteChar !== null;
      let appended = false;
      const inBlock = printDepth || blockDepth || commentDepth;
      if (inside && !wasInside && !inBlock) {
        params.push(token);
        appended = true;
      } else if (inBlock || inside || wasInside) {
        if (idx === 0 && wasInside) appendToLast(token);
        else if (tokens.length > 1) appendToLast((idx > 0 ? ' ' : '') + token);
        else appendToLast('\n' + token);
        appended = true;
      }
      const prevPrint = printDepth;
      printDepth = countBlocks(token, printDepth, '{{', '}}');
      if (printDepth !== prevPrint && !appended) {
        params.push(token);
        appended = true;
      }
      const prevBlock = blockDepth;
      blockDepth = countBlocks(token, blockDepth, '{%', '%}');
      if (blockDepth !== prevBlock && !appended) {
        params.push(token);
        appended = true;
      }
      const prevComment = commentDepth;
      commentDepth = countBlocks(token, commentDepth, '{#', '#}');
      if (commentDepth !== prevComment && !appended) {
        params.push(token);
        appended = true;
      }
      if (!(printDepth || blockDepth || commentDepth) && !inside && !appended && token !== '') params.push(token);
    });
    if (items.length > 1 && itemIdx !== items.length - 1 && !continuation && params.length) params[params.length - 1] += '\n';
  });
  if (inside) throw new Error(`unbalanced ${quoteChar ?? ''} quote in "${text}"`);
  if (printDepth || blockDepth || commentDepth) throw new Error(`unbalanced Jinja2 block in "${text}"`);
  return params;
}

/** Ansible's join_args: the inverse of splitArgs, keeping the original line ends and spaces. */
export function joinArgs(words: readonly string[]): string {
  let out = '';
  for (const w of words) out += out.length === 0 || out.endsWith('\n') ? w : ` ${w}`;
  return out;
}

const ESCAPE = /\\U[0-9a-fA-F]{8}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\N\{[^}]+\}|\\[\\'"abfnrtv]/g;
const SINGLE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Python's unicode-escape decoding of the sequences Ansible's parse_kv decodes. */
export function decodeEscapes(s: string): string {
  return s.replace(ESCAPE, (m) => {
    const kind = m[1] as string;
    if (kind === 'U' || kind === 'u' || kind === 'x') return String.fromCodePoint(parseInt(m.slice(2), 16));
    if (kind === 'N') return m; // Unicode names: no table here; kept as written
    return SINGLE[kind] ?? m;
  });
}

function unquote(v: string): string {
  const quoted = v.length > 1 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'") && v[v.length - 2] !== '\\';
  return quoted ? v.slice(1, -1) : v;
}

/** Python's str.strip(): whitespace at both ends. */
function strip(s: string): string {
  return s.replace(/^\s+|\s+$/g, '');
}

/**
 * Parses a k=v string. For free-form modules (command, shell, raw, …) the words that are not
 * one of `freeFormKeys` stay in `_raw_params`, as written (undecoded), as Ansible does; without
 * `freeFormKeys` a word that is not `key=value` is an error (Ansible would pass it on as
 * `_raw_params`, which such a module then refuses).
 */
export function parseKv(text: string, freeFormKeys?: ReadonlySet<string>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const orig of splitArgs(text)) {
    const x = decodeEscapes(orig);
    let pos = -1;
    for (let i = x.indexOf('=', 1); i !== -1; i = x.indexOf('=', i + 1)) {
      if (x[i - 1] !== '\\') {
        pos = i;
        break;
      }
    }
    if (pos === -1) {
      const word = x.includes('=') ? x.replace(/\\=/g, '=') : orig;
      if (!freeFormKeys) throw new Error(`"${strip(word)}" is not of the form key=value`);
      rest.push(word);
      continue;
    }
    const key = x.slice(0, pos);
    if (freeFormKeys && !freeFormKeys.has(key)) rest.push(orig);
    else args[strip(key)] = unquote(strip(x.slice(pos + 1)));
  }
  if (freeFormKeys && rest.length) args._raw_params = joinArgs(rest);
  return args;
}

/** `action: shell echo hi`: the module name and the rest, as Ansible's _split_module_string. */
export function splitModuleString(text: string): { module: string; rest: string } {
  const words = splitArgs(text);
  return { module: strip(words[0] ?? ''), rest: words.slice(1).join(' ') };
}

/** Keys Ansible pulls out of a free-form command string. */
export const FREE_FORM_KEYS = new Set(['chdir', 'creates', 'removes', 'executable', 'stdin', 'stdin_add_newline', 'strip_empty_ends', 'warn']);
