/**
 * Parsing Jinja2 text with nunjucks' parser, plus the two pieces of Jinja2 syntax it lacks:
 * Python slices (`x[1:]`, `x[::-1]`) and balanced braces inside expressions (`{{ {'a': {'b': 1}} }}`).
 */
import { nj } from './nunjucks-internals.js';
import type { AstNode, NodeClass, ParserInstance } from './nunjucks-internals.js';

const Slice: NodeClass = (nj.nodes.Node as NodeClass).extend('Slice', { fields: ['start', 'stop', 'step'] });
const nodeClass = (name: string): NodeClass => nj.nodes[name] as NodeClass;

interface TokenState {
  index: number;
  lineno: number;
  colno: number;
}
interface ParserInternals extends ParserInstance {
  tokens: TokenState;
  peeked: unknown;
  peekToken(): { type: string; lineno: number; colno: number };
  nextToken(): unknown;
  skip(type: string): boolean;
  parseExpression(): AstNode;
  fail(msg: string, lineno?: number, colno?: number): never;
}

/** Adds Python slices (`x[1:]`, `x[::-1]`) to the parser, as Jinja2 has them. */
class PlayParser extends (nj.parser.Parser as new (tokens: unknown) => ParserInternals) {
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

/**
 * Jinja2's lexer balances braces, so `{{ {'a': {'b': 1}} }}` works; nunjucks' would end the
 * expression at the first `}}`. While a `{` is open, `}}` is read as a single closing brace.
 */
function balancedBraces(tokenizer: Tokenizer): Tokenizer {
  const next = tokenizer.nextToken.bind(tokenizer);
  let depth = 0;
  let afterDot = false;
  tokenizer.nextToken = () => {
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
    if (tokenizer.in_code && depth > 0 && tokenizer.str.startsWith('}}', tokenizer.index)) {
      const tok: Token = { type: 'right-curly', value: '}', lineno: tokenizer.lineno, colno: tokenizer.colno };
      tokenizer.forward();
      depth--;
      return tok;
    }
    const tok = next();
    if (tok?.type === 'operator' && tok.value === '.') afterDot = true;
    if (tok?.type === 'left-curly') depth++;
    else if (tok?.type === 'right-curly') depth = Math.max(0, depth - 1);
    else if (tok?.type === 'variable-end' || tok?.type === 'block-end') depth = 0;
    return tok;
  };
  return tokenizer;
}

/** The AST of `src` (trim_blocks on, lstrip_blocks off, as Ansible configures Jinja2). */
export function parseTemplate(src: string): AstNode {
  const parser = new PlayParser(balancedBraces(nj.lexer.lex(src, { trimBlocks: true, lstripBlocks: false }) as Tokenizer));
  parser.extensions = [];
  return parser.parseAsRoot();
}
