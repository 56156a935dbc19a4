/**
 * Parsing Jinja2 text with nunjucks' parser, plus the two pieces of Jinja2 syntax it lacks:
 * Python slices (`x[1:]`, `x[::-1]`) and balanced braces inside expressions (`{{ {'a': {'b': 1}} }}`).
 */
import { nj } from './nunjucks-internals.js';
import type { AstNode, NodeClass, ParserInstance } from './nunjucks-internals.js';
import { readRawBlock, type RawTokenizer } from './parse-raw.js';
import { parseJinjaSet, type SetParser } from './parse-set.js';
import { DEFAULT_LEXER, jinjaTokens, nunjucksLexerOptions, type LexerOptions } from './lexer-options.js';

const Slice: NodeClass = (nj.nodes.Node as NodeClass).extend('Slice', { fields: ['start', 'stop', 'step'] });
const nodeClass = (name: string): NodeClass => nj.nodes[name] as NodeClass;

interface TokenState {
  index: number;
  lineno: number;
  colno: number;
}
interface ParserInternals extends ParserInstance {
  tokens: TokenState & RawTokenizer;
  dropLeadingWhitespace: boolean;
  parseCompare(): AstNode;
  parseOr(): AstNode;
  parsePrimary(): AstNode;
  skipSymbol(name: string): boolean;
  peeked: unknown;
  peekToken(): { type: string; lineno: number; colno: number };
  nextToken(): unknown;
  skip(type: string): boolean;
  parseExpression(): AstNode;
  fail(msg: string, lineno?: number, colno?: number): never;
}

/** Tokens that start a test's argument written without parentheses (`x is divisibleby 3`). */
const BARE_TEST_ARG = new Set(['int', 'float', 'string', 'symbol', 'boolean', 'none', 'left-bracket', 'left-curly']);
const NOT_AN_ARG = new Set(['and', 'or', 'else', 'if', 'is', 'not', 'in']);

/** Adds Python slices (`x[1:]`, `x[::-1]`) and bare test arguments to the parser, as Jinja2 has them. */
class PlayParser extends (nj.parser.Parser as new (tokens: unknown) => ParserInternals) {
  /** The `{% for %}` headers being read, innermost last: whether each ends in `recursive`. */
  private forHeaders: { recursive: boolean }[] = [];

  parseFor(): AstNode {
    const header = { recursive: false };
    this.forHeaders.push(header);
    try {
      const node = (nj.parser.Parser.prototype as unknown as { parseFor(this: unknown): AstNode }).parseFor.call(this);
      node.recursive = header.recursive;
      return node;
    } finally {
      this.forHeaders.pop();
    }
  }

  /** `{% for x in xs recursive %}`: the keyword ends the header, after the items and any loop filter. */
  advanceAfterBlockEnd(name?: string): { lineno: number; colno: number } {
    const header = this.forHeaders[this.forHeaders.length - 1];
    if (name === 'for' && header && !header.recursive) header.recursive = this.skipSymbol('recursive');
    return (nj.parser.Parser.prototype as unknown as { advanceAfterBlockEnd(this: unknown, n?: string): { lineno: number; colno: number } }).advanceAfterBlockEnd.call(this, name);
  }

  /** Jinja2's parse_condexpr: the `else` branch is itself an inline if, so `a if x else b if y else c` chains. */
  parseInlineIf(): AstNode {
    let node = this.parseOr();
    while (this.skipSymbol('if')) {
      const inline = new (nodeClass('InlineIf'))(node.lineno, node.colno);
      inline.body = node;
      inline.cond = this.parseOr();
      inline.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
      node = inline;
    }
    return node;
  }

  parseIs(): AstNode {
    let node = this.parseCompare();
    if (this.skipSymbol('is')) {
      const not = this.skipSymbol('not');
      const named = this.peekToken() as { type: string; value?: string; lineno: number; colno: number } | null;
      // `x is in list`: the test named like the operator
      let test: AstNode;
      if (named?.type === 'symbol' && named.value === 'in') {
        this.nextToken();
        test = new (nodeClass('Symbol'))(named.lineno, named.colno, 'in');
      } else test = this.parseCompare();
      const tok = this.peekToken() as { type: string; value?: string } | null;
      if (tok && BARE_TEST_ARG.has(tok.type) && !(tok.type === 'symbol' && NOT_AN_ARG.has(String(tok.value)))) {
        const arg = this.parsePrimary();
        test = new (nodeClass('FunCall'))(test.lineno, test.colno, test, new (nodeClass('NodeList'))(arg.lineno, arg.colno, [arg]));
      }
      node = new (nodeClass('Is'))(node.lineno, node.colno, node, test);
      if (not) node = new (nodeClass('Not'))(node.lineno, node.colno, node);
    }
    return node;
  }

  parseSet(): AstNode {
    return parseJinjaSet(this as unknown as SetParser);
  }

  /** `{% raw %}` as Jinja2 reads it (parse-raw.ts); Jinja2 has no `verbatim` tag. */
  parseRaw(tagName = 'raw'): AstNode {
    if (tagName !== 'raw') this.fail(`Encountered unknown tag '${tagName}'.`);
    const begun = this.advanceAfterBlockEnd();
    const raw = readRawBlock(this.tokens, this.dropLeadingWhitespace);
    if (!raw) this.fail('Missing end of raw directive', begun.lineno, begun.colno);
    this.dropLeadingWhitespace = raw.dropAfter;
    const data = new (nodeClass('TemplateData'))(begun.lineno, begun.colno, raw.text);
    return new (nodeClass('Output'))(begun.lineno, begun.colno, [data]);
  }

  parseAggregate(): AstNode | null {
    const self = this as unknown as ParserInternals & { parseAggregate(): AstNode | null };
    const start: TokenState = { index: self.tokens.index - 1, lineno: self.tokens.lineno, colno: self.tokens.colno - 1 };
    try {
      return (nj.parser.Parser.prototype as unknown as { parseAggregate(this: unknown): AstNode | null }).parseAggregate.call(this);
    } catch (err) {
      const failedAt: TokenState = { ...self.tokens };
      Object.assign(self.tokens, start);
      self.peeked = false;
      const tok = self.peekToken();
      if (tok.type !== 'left-bracket') {
        Object.assign(self.tokens, failedAt);
        throw err;
      }
      self.nextToken();
      const node = new Slice(tok.lineno, tok.colno);
      const fields = ['start', 'stop', 'step'] as const;
      let isSlice = false;
      for (let i = 0; i <= fields.length; i++) {
        if (self.skip('right-bracket')) break;
        if (i === fields.length) self.fail('invalid slice: too many components', tok.lineno, tok.colno);
        if (self.skip('colon')) {
          isSlice = true;
        } else {
          node[fields[i] as string] = self.parseExpression();
          isSlice = self.skip('colon') || isSlice;
        }
      }
      if (!isSlice) {
        Object.assign(self.tokens, failedAt);
        throw err;
      }
      return new (nodeClass('Array'))(tok.lineno, tok.colno, [node]);
    }
  }
}

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface Tokenizer {
  in_code: boolean;
  str: string;
  index: number;
  lineno: number;
  colno: number;
  forward(): void;
  nextToken(): Token | null;
}

const JINJA_NUMBER = /^(\d+(?:_\d+)*)(?:\.\d+(?:_\d+)*)?([eE][-+]?\d+(?:_\d+)*)?(?![\w.])/;

/**
 * Jinja2's lexer balances braces, so `{{ {'a': {'b': 1}} }}` works; nunjucks' would end the
 * expression at the first `}}`. While a `{` is open, `}}` is read as a single closing brace.
 */
function balancedBraces(tokenizer: Tokenizer, rawStrings: boolean): Tokenizer {
  const next = tokenizer.nextToken.bind(tokenizer);
  let depth = 0;
  let afterDot = false;
  let inVariable = false;
  tokenizer.nextToken = () => {
    const quote = tokenizer.str[tokenizer.index];
    if (rawStrings && inVariable && tokenizer.in_code && (quote === "'" || quote === '"')) {
      afterDot = false;
      return rawString(tokenizer, quote);
    }
    if (tokenizer.in_code && (quote === "'" || quote === '"')) {
      afterDot = false;
      return pythonString(tokenizer, quote);
    }
    // `x.0`, `foo.null`, `d.true`: after a dot Jinja2 reads an attribute name or an index, never a literal
    if (afterDot) {
      afterDot = false;
      const digits = tokenizer.in_code ? /^\d+/.exec(tokenizer.str.slice(tokenizer.index, tokenizer.index + 20)) : null;
      if (digits) {
        const tok: Token = { type: 'symbol', value: digits[0], lineno: tokenizer.lineno, colno: tokenizer.colno };
        for (let i = 0; i < digits[0].length; i++) tokenizer.forward();
        return tok;
      }
      const tok = next();
      if (tok && (tok.type === 'none' || tok.type === 'boolean')) return { ...tok, type: 'symbol' };
      return tok;
    }
    // Jinja2's number literals: `1e-10`, `1.5E3`, `1_000` (nunjucks reads only `1` and `1.5`)
    const number = tokenizer.in_code ? JINJA_NUMBER.exec(tokenizer.str.slice(tokenizer.index, tokenizer.index + 60)) : null;
    if (number && (number[2] !== undefined || number[1]?.includes('_'))) {
      const value = number[0].replace(/_/g, '');
      const tok: Token = { type: number[2] !== undefined || number[0].includes('.') ? 'float' : 'int', value, lineno: tokenizer.lineno, colno: tokenizer.colno };
      for (let i = 0; i < number[0].length; i++) tokenizer.forward();
      return tok;
    }
    if (tokenizer.in_code && depth > 0 && tokenizer.str.startsWith('}}', tokenizer.index)) {
      const tok: Token = { type: 'right-curly', value: '}', lineno: tokenizer.lineno, colno: tokenizer.colno };
      tokenizer.forward();
      depth--;
      return tok;
    }
    const tok = next();
    if (tok?.type === 'operator' && tok.value === '.') afterDot = true;
    if (tok?.type === 'variable-start') inVariable = true;
    else if (tok?.type === 'variable-end') inVariable = false;
    if (tok?.type === 'left-curly') depth++;
    else if (tok?.type === 'right-curly') depth = Math.max(0, depth - 1);
    else if (tok?.type === 'variable-end' || tok?.type === 'block-end') depth = 0;
    return tok;
  };
  return tokenizer;
}

/**
 * A string literal inside `{{ }}` of a playbook string, read as Ansible reads it: Ansible doubles
 * the backslashes there before Jinja2 unescapes them (YAML has already unescaped the text once),
 * so `regex_replace('(a)', '\\1')` keeps its backslash. A backslash still escapes the quote.
 */
function rawString(tokenizer: Tokenizer, quote: string): Token {
  const tok: Token = { type: 'string', value: '', lineno: tokenizer.lineno, colno: tokenizer.colno };
  tokenizer.forward();
  let value = '';
  while (tokenizer.index < tokenizer.str.length && tokenizer.str[tokenizer.index] !== quote) {
    const c = tokenizer.str[tokenizer.index] as string;
    value += c;
    tokenizer.forward();
    if (c === '\\' && tokenizer.index < tokenizer.str.length) {
      value += tokenizer.str[tokenizer.index] as string;
      tokenizer.forward();
    }
  }
  tokenizer.forward();
  tok.value = value;
  return tok;
}

/** Python's one-character escapes (`\\n`, `\\t`…); any other escape keeps its backslash. */
const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'], ["'", "'"], ['"', '"'], ['a', '\x07'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t'], ['v', '\v'], ['\n', ''],
]);
const HEX_ESCAPES: ReadonlyMap<string, number> = new Map([['x', 2], ['u', 4], ['U', 8]]);

/**
 * A string literal as Jinja2 reads it (Python's unicode-escape): `'\\n'` is a newline, `'\\x41'`
 * is "A", and an escape Python does not know keeps its backslash, so `search('a\\d')` gets the
 * regex `a\\d` (nunjucks would drop the backslash).
 */
function pythonString(tokenizer: Tokenizer, quote: string): Token {
  const tok: Token = { type: 'string', value: '', lineno: tokenizer.lineno, colno: tokenizer.colno };
  const text = tokenizer.str;
  const fail = (msg: string): never => {
    throw Object.assign(new Error(msg), { lineno: tok.lineno + 1, colno: tok.colno + 1 });
  };
  tokenizer.forward();
  let value = '';
  while (tokenizer.index < text.length && text[tokenizer.index] !== quote) {
    const c = text[tokenizer.index] as string;
    tokenizer.forward();
    if (c !== '\\' || tokenizer.index >= text.length) {
      value += c;
      continue;
    }
    const e = text[tokenizer.index] as string;
    const simple = SIMPLE_ESCAPES.get(e);
    const hexLength = HEX_ESCAPES.get(e);
    const octal = /^[0-7]{1,3}/.exec(text.slice(tokenizer.index, tokenizer.index + 3))?.[0];
    let consumed = 1;
    if (simple !== undefined) value += simple;
    else if (octal !== undefined) {
      value += String.fromCodePoint(parseInt(octal, 8));
      consumed = octal.length;
    } else if (hexLength !== undefined) {
      const digits = text.slice(tokenizer.index + 1, tokenizer.index + 1 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits)) fail(`truncated \\${e} escape in a string literal`);
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) fail(`illegal Unicode character \\${e}${digits} in a string literal`);
      value += String.fromCodePoint(code);
      consumed = 1 + hexLength;
    } else if (e === 'N') fail('\\N{name} escapes are not supported in string literals: write the character itself');
    else value += `\\${e}`;
    for (let i = 0; i < consumed; i++) tokenizer.forward();
  }
  tokenizer.forward();
  tok.value = value;
  return tok;
}

/**
 * The AST of `src` (by default trim_blocks on, lstrip_blocks off, as Ansible configures Jinja2). `rawStrings`
 * for playbook strings (not template files): their string literals keep backslashes (rawString).
 */
export function parseTemplate(src: string, rawStrings = false, lexer: LexerOptions = DEFAULT_LEXER): AstNode {
  const tokens = jinjaTokens(nj.lexer.lex(src, nunjucksLexerOptions(lexer)) as Tokenizer, lexer);
  const parser = new PlayParser(balancedBraces(tokens, rawStrings));
  parser.extensions = [];
  return parser.parseAsRoot();
}
