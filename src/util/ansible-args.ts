/**
 * Ansible's argument splitting (parsing/splitter.py): words split on spaces, regrouped inside
 * quotes and `{{ }}`/`{% %}`/`{# #}`, line ends kept; and the escapes parse_kv decodes.
 * Below the engine's layers so that modules (script's arguments, assemble's delimiter) share it.
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
