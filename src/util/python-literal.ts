/**
 * INI inventory values are read with Python's ast.literal_eval: `2222` is an int, `True` a
 * boolean, `'a b'` a string, `[1, 2]` a list, `{'k': 1}` a dict; anything literal_eval rejects
 * (`yes`, `hello world`, `0644`) stays the raw string. This is that subset of Python literals.
 * Templating reads a rendered text that looks like a list, dict or boolean the same way.
 */

export type LiteralResult = { ok: true; value: unknown } | { ok: false };

class NotALiteral extends Error {}

/**
 * Parses `text` as one Python literal (a trailing `# comment` is allowed, as in Python).
 * `jsonNames`: also `true`, `false` and `null`, as Ansible's templating reads them (Json2Python).
 */
export function parsePythonLiteral(text: string, opts: { jsonNames?: boolean } = {}): LiteralResult {
  const reader = new LiteralReader(text, opts.jsonNames === true);
  try {
    const value = reader.value();
    reader.skipSpace();
    if (!reader.atEnd()) return { ok: false };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof NotALiteral) return { ok: false };
    throw err;
  }
}

/** The value an INI inventory stores for `text`: the literal when there is one, else the text. */
export function iniValue(text: string): unknown {
  const parsed = parsePythonLiteral(text);
  return parsed.ok ? parsed.value : text;
}

const ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '\n': '',
};

const JSON_NAMES: Record<string, unknown> = { true: true, false: false, null: null };

class LiteralReader {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly jsonNames: boolean,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    for (;;) {
      while (/\s/.test(this.peek())) this.pos++;
      if (this.peek() !== '#') return;
      while (!this.atEnd() && this.peek() !== '\n') this.pos++;
    }
  }

  value(): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.sequence('(', ')');
    if (c === '{') return this.mapping();
    if (c === "'" || c === '"' || (/[rRuUbB]/.test(c) && /['"]/.test(this.peek(1)))) return this.strings();
    if (/[-+0-9.]/.test(c)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    this.pos += word?.length ?? 0;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (this.jsonNames && word !== undefined && word in JSON_NAMES) return JSON_NAMES[word];
    throw new NotALiteral();
  }

  private peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) throw new NotALiteral();
    this.pos++;
  }

  /** Lists, tuples (`(1,)`, `()`), with optional trailing comma. Tuples become arrays. */
  private sequence(open: string, close: string): unknown {
    this.expect(open);
    const items: unknown[] = [];
    let sawComma = false;
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) break;
      items.push(this.value());
      this.skipSpace();
      if (this.peek() !== ',') break;
      sawComma = true;
      this.pos++;
    }
    this.expect(close);
    // `(5)` is just 5 in Python, not a one-element tuple.
    if (open === '(' && items.length === 1 && !sawComma) return items[0];
    return items;
  }

  /** Dicts `{'a': 1}` and sets `{1, 2}` (sets become arrays). */
  private mapping(): unknown {
    this.expect('{');
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      return {};
    }
    const first = this.value();
    this.skipSpace();
    if (this.peek() !== ':') {
      const items = [first];
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
        if (this.peek() === '}') break;
        items.push(this.value());
        this.skipSpace();
      }
      this.expect('}');
      return items;
    }
    const out: Record<string, unknown> = {};
    let key = first;
    for (;;) {
      this.expect(':');
      if (typeof key === 'object' && key !== null) throw new NotALiteral(); // unhashable in Python
      out[String(key)] = this.value();
      this.skipSpace();
      if (this.peek() !== ',') break;
      this.pos++;
      this.skipSpace();
      if (this.peek() === '}') break;
      key = this.value();
    }
    this.expect('}');
    return out;
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  private strings(): string {
    let out = this.string();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const c = this.peek();
      if (c === "'" || c === '"' || (/[rRuUbB]/.test(c) && /['"]/.test(this.peek(1)))) out += this.string();
      else {
        this.pos = save;
        return out;
      }
    }
  }

  private string(): string {
    let raw = false;
    // b'' bytes end up as text in Ansible's inventory, so every prefix but r is ignored.
    while (/[rRuUbB]/.test(this.peek())) {
      if (/[rR]/.test(this.peek())) raw = true;
      this.pos++;
    }
    const quote = this.peek();
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.pos += delimiter.length;
    let out = '';
    for (;;) {
      if (this.atEnd()) throw new NotALiteral();
      if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        return out;
      }
      const c = this.peek();
      if (c === '\n' && !triple) throw new NotALiteral();
      if (c === '\\') {
        const next = this.peek(1);
        if (raw) out += c + next;
        else out += this.escape(next);
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  private escape(next: string): string {
    const simple = ESCAPES[next];
    if (simple !== undefined) return simple;
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + hexLength);
      if (!new RegExp(`^[0-9A-Fa-f]{${hexLength}}$`).test(hex)) throw new NotALiteral();
      this.pos += hexLength;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return '\\' + next; // Python keeps unknown escapes verbatim
  }

  private number(): number | string {
    const rest = this.text.slice(this.pos);
    const m =
      /^[-+]?\s*(?:0[xX](?:_?[0-9A-Fa-f])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][-+]?\d(?:_?\d)*)?)/.exec(
        rest,
      );
    const token = m?.[0] ?? '';
    const body = token.replace(/^[-+]\s*/, '').replace(/_/g, '');
    if (!/\d/.test(body)) throw new NotALiteral();
    // Python 3 forbids leading zeros on decimal ints: 0644 is not a literal.
    if (/^0\d/.test(body) && !/[.eE]/.test(body) && !/^0+$/.test(body)) throw new NotALiteral();
    if (/^[jJlL]/.test(rest.slice(token.length))) throw new NotALiteral(); // complex / py2 long
    this.pos += token.length;
    const negative = token.trimStart().startsWith('-');
    const magnitude = /^0[xXoObB]/.test(body) ? parseInt(body.slice(2), radixOf(body)) : Number(body);
    if (Number.isNaN(magnitude)) throw new NotALiteral();
    const value = negative ? -magnitude : magnitude;
    // Integers beyond 2^53 would silently lose digits; keep their text instead.
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && !/[.eE]/.test(body)) return token;
    return value;
  }
}

function radixOf(body: string): number {
  const marker = body.charAt(1).toLowerCase();
  return marker === 'x' ? 16 : marker === 'o' ? 8 : 2;
}
