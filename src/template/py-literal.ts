/**
 * Python's ast.literal_eval for the text a template renders to. Ansible (2.14, not native) turns
 * the text of a whole template back into data when it starts with `[` or `{` or is `True`/`False`
 * (ansible_eval_concat): `"[{{ a }}, {{ b }}]"` is a list. Text that is no Python literal stays text.
 */
import { setOwn } from '../util/own-props.js';
import { tuple } from './python.js';

class NotALiteral extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

class LiteralReader {
  private i = 0;
  constructor(private readonly s: string) {}

  read(): unknown {
    const v = this.value();
    this.space();
    if (this.i !== this.s.length) throw new NotALiteral();
    return v;
  }

  private space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
  }

  private eat(c: string): boolean {
    this.space();
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  private value(): unknown {
    this.space();
    const c = this.s[this.i];
    if (c === '[') return this.items(']').list;
    if (c === '(') {
      const items = this.items(')');
      return items.single ? items.list[0] : tuple(items.list);
    }
    if (c === '{') return this.dict();
    if (c === "'" || c === '"') {
      let text = this.string();
      // adjacent string literals concatenate
      for (this.space(); this.s[this.i] === "'" || this.s[this.i] === '"'; this.space()) text += this.string();
      return text;
    }
    const word = /^(?:True|False|None)\b|^[-+]?\s*(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?)/.exec(this.s.slice(this.i));
    if (!word) throw new NotALiteral();
    this.i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    const text = word[0].replace(/[\s_]/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const digits = text.replace(/^[-+]/, '');
    const n = /^0[xob]/i.test(digits) ? Number(digits.toLowerCase()) : Number(digits);
    if (Number.isNaN(n)) throw new NotALiteral();
    return sign * n;
  }

  private items(close: string): { list: unknown[]; single: boolean } {
    this.i++;
    const list: unknown[] = [];
    let comma = false;
    while (!this.eat(close)) {
      if (list.length && !comma) throw new NotALiteral();
      list.push(this.value());
      comma = this.eat(',');
    }
    return { list, single: list.length === 1 && !comma };
  }

  private dict(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    let first = true;
    while (!this.eat('}')) {
      if (!first && !this.eat(',')) throw new NotALiteral();
      if (!first && this.eat('}')) break;
      first = false;
      const key = this.value();
      if (!this.eat(':')) throw new NotALiteral();
      // JSON data keeps string keys; a number or bool key is written as Ansible's JSON writes it
      setOwn(out, typeof key === 'string' ? key : key === null ? 'null' : String(key), this.value());
    }
    return out;
  }

  private string(): string {
    const q = this.s[this.i] as string;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const end = triple ? q.repeat(3) : q;
    this.i += end.length;
    let out = '';
    while (!this.s.startsWith(end, this.i)) {
      if (this.i >= this.s.length || (!triple && this.s[this.i] === '\n')) throw new NotALiteral();
      const c = this.s[this.i++] as string;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++] as string;
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new NotALiteral();
        out += String.fromCodePoint(parseInt(hex, 16));
        this.i += len;
      } else out += e in ESCAPES ? (ESCAPES[e] as string) : `\\${e}`;
    }
    this.i += end.length;
    return out;
  }
}

/** What Ansible makes of a template's rendered text: data when it is a Python literal list, dict or bool. */
export function evalConcat(text: string): unknown {
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (!text.startsWith('[') && !text.startsWith('{')) return text;
  try {
    return new LiteralReader(text).read();
  } catch (err) {
    if (err instanceof NotALiteral || err instanceof RangeError) return text;
    throw err;
  }
}
