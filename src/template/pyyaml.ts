/**
 * YAML text laid out as PyYAML's emitter writes it (yaml.dump, as Ansible's to_yaml and
 * to_nice_yaml call it): sorted keys, lists under a key at the key's column, a collection in a
 * list padded to the indent (`-   k: v`), PyYAML's choice of plain, 'single' or "double" quoted
 * scalars, and long scalars folded at the width. A port of the parts of emitter.py these use.
 */
import { scalarAnalysis, resolvesToString } from './pyyaml-scalar.js';
import { isMapping, plain } from './python.js';

export interface DumpOptions {
  indent?: number | undefined;
  width?: number | undefined;
  /** PyYAML's default_flow_style: false (block), true (flow), undefined (None: flow for collections of scalars). */
  flowStyle?: boolean | undefined;
}

const BREAKS = '\n\x85\u2028\u2029';
const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

type Scalar = string | number | boolean | null;
interface NodeContext {
  root?: boolean;
  sequence?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

function representScalar(v: Scalar): { text: string; implicit: boolean } {
  if (v === null) return { text: 'null', implicit: true };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', implicit: true };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { text: '.nan', implicit: true };
    if (!Number.isFinite(v)) return { text: v > 0 ? '.inf' : '-.inf', implicit: true };
    return { text: String(v).replace(/^(-?\d+)e/, '$1.0e'), implicit: true };
  }
  return { text: v, implicit: resolvesToString(v) };
}

class Emitter {
  out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];
  private flowLevel = 0;
  private simpleKeyContext = false;
  private mappingContext = false;
  private readonly bestIndent: number;
  private readonly bestWidth: number;

  constructor(private readonly opts: DumpOptions) {
    const indent = opts.indent ?? 2;
    this.bestIndent = indent > 1 && indent < 10 ? indent : 2;
    const width = opts.width ?? 80;
    this.bestWidth = width > this.bestIndent * 2 ? width : 80;
  }

  dump(value: unknown): string {
    this.node(value, { root: true });
    this.writeIndent();
    return this.out;
  }

  private write(data: string): void {
    this.out += data;
    this.column += [...data].length;
  }

  private increaseIndent(flow = false, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? null;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? indicator : ` ${indicator}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.out += data;
    this.column = 0;
  }

  private flowStyleOf(items: unknown[]): boolean {
    if (this.opts.flowStyle !== undefined) return this.opts.flowStyle;
    return items.every((v) => v === null || typeof v !== 'object');
  }

  private node(raw: unknown, ctx: NodeContext): void {
    const value = plain(raw);
    this.mappingContext = ctx.mapping === true;
    this.simpleKeyContext = ctx.simpleKey === true;
    if (Array.isArray(value)) {
      if (this.flowLevel > 0 || value.length === 0 || this.flowStyleOf(value)) this.flowSequence(value);
      else this.blockSequence(value);
    } else if (isMapping(value)) {
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (this.flowLevel > 0 || entries.length === 0 || this.flowStyleOf(entries.flatMap(([k, v]) => [k, v]))) this.flowMapping(entries);
      else this.blockMapping(entries);
    } else {
      this.increaseIndent(true);
      this.scalar(value === undefined ? null : (value as Scalar));
      this.popIndent();
    }
  }

  private flowSequence(items: unknown[]): void {
    this.writeIndicator('[', true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(item, { sequence: true });
    });
    this.popIndent();
    this.flowLevel--;
    this.writeIndicator(']', false);
  }

  private flowMapping(entries: [string, unknown][]): void {
    this.writeIndicator('{', true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    entries.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true);
        this.node(k, { mapping: true });
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true);
      }
      this.node(v, { mapping: true });
    });
    this.popIndent();
    this.flowLevel--;
    this.writeIndicator('}', false);
  }

  private blockSequence(items: unknown[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { sequence: true });
    }
    this.popIndent();
  }

  private blockMapping(entries: [string, unknown][]): void {
    this.increaseIndent(false);
    for (const [k, v] of entries) {
      this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, { mapping: true });
    }
    this.popIndent();
  }

  private simpleKey(key: string): boolean {
    const a = scalarAnalysis(key);
    return [...key].length < 128 && !a.empty && !a.multiline;
  }

  private scalar(v: Scalar): void {
    const { text, implicit } = representScalar(v);
    const a = scalarAnalysis(text);
    const split = !this.simpleKeyContext;
    if (implicit && !(this.simpleKeyContext && (a.empty || a.multiline)) && (this.flowLevel > 0 ? a.allowFlowPlain : a.allowBlockPlain)) {
      this.writePlain(text, split);
    } else if (a.allowSingleQuoted && !(this.simpleKeyContext && a.multiline)) this.writeSingleQuoted(text, split);
    else this.writeDoubleQuoted(text, split);
  }

  private writePlain(text: string, split: boolean): void {
    if (!text) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    const chars = [...text];
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(chars.slice(start, end).join(''));
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(chars.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  private writeSingleQuoted(text: string, split: boolean): void {
    this.writeIndicator("'", true);
    const chars = [...text];
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== chars.length) this.writeIndent();
          else this.write(chars.slice(start, end).join(''));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (chars[start] === '\n') this.writeLineBreak();
          for (const br of chars.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          start = end;
        }
      } else if ((ch === undefined || ch === ' ' || BREAKS.includes(ch) || ch === "'") && start < end) {
        this.write(chars.slice(start, end).join(''));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(text: string, split: boolean): void {
    this.writeIndicator('"', true);
    const chars = [...text];
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printable(ch)) {
        if (start < end) {
          this.write(chars.slice(start, end).join(''));
          start = end;
        }
        if (ch !== undefined) {
          const code = ch.codePointAt(0) ?? 0;
          const hex = (n: number): string => code.toString(16).toUpperCase().padStart(n, '0');
          this.write(`\\${ESCAPES[ch] ?? (code <= 0xff ? `x${hex(2)}` : code <= 0xffff ? `u${hex(4)}` : `U${hex(8)}`)}`);
          start = end + 1;
        }
      }
      if (end > 0 && end < chars.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.bestWidth && split) {
        this.write(`${chars.slice(start, end).join('')}\\`);
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === ' ') this.write('\\');
      }
    }
    this.writeIndicator('"', false);
  }
}

/** Written as is inside double quotes (allow_unicode): printable ASCII and the BMP's printable range. */
function printable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
}

/** yaml.dump(value, allow_unicode=True, sort_keys=True, …) of PyYAML. */
export function pyYamlDump(value: unknown, opts: DumpOptions): string {
  return new Emitter(opts).dump(value);
}
