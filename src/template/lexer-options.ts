/**
 * Jinja2's lexer settings that a template file may change (the template module's options and the
 * `#jinja2:` override line): block trimming, the markers, and the newline written for the
 * template's own line breaks. nunjucks' lexer has the markers and block trimming; what it lacks
 * (trimming around comments, newline_sequence) is added here around its tokenizer.
 */

export interface LexerOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  blockStart: string;
  blockEnd: string;
  variableStart: string;
  variableEnd: string;
  commentStart: string;
  commentEnd: string;
  /** Written for each line break of the template text (not for those in variables' values). */
  newline: string;
}

/** Ansible's template settings: trim_blocks on, lstrip_blocks off, Jinja2's markers, "\n". */
export const DEFAULT_LEXER: Readonly<LexerOptions> = {
  trimBlocks: true,
  lstripBlocks: false,
  blockStart: '{%',
  blockEnd: '%}',
  variableStart: '{{',
  variableEnd: '}}',
  commentStart: '{#',
  commentEnd: '#}',
  newline: '\n',
};

export function nunjucksLexerOptions(o: LexerOptions): { trimBlocks: boolean; lstripBlocks: boolean; tags: Record<string, string> } {
  return {
    trimBlocks: o.trimBlocks,
    lstripBlocks: o.lstripBlocks,
    tags: {
      blockStart: o.blockStart,
      blockEnd: o.blockEnd,
      variableStart: o.variableStart,
      variableEnd: o.variableEnd,
      commentStart: o.commentStart,
      commentEnd: o.commentEnd,
    },
  };
}

export interface LexToken {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface LexTokenizer {
  str: string;
  index: number;
  forward(): void;
  nextToken(): LexToken | null;
}

/**
 * Jinja2 applies trim_blocks and lstrip_blocks to comments as to blocks (nunjucks only to blocks),
 * and writes its text's line breaks as newline_sequence.
 */
export function jinjaTokens<T extends LexTokenizer>(tokenizer: T, o: LexerOptions): T {
  const next = tokenizer.nextToken.bind(tokenizer);
  tokenizer.nextToken = () => {
    const tok = next();
    if (!tok) return tok;
    if (tok.type === 'comment' && o.trimBlocks && tokenizer.str[tokenizer.index] === '\n') tokenizer.forward();
    if (tok.type !== 'data') return tok;
    let value = tok.value;
    if (o.lstripBlocks && tokenizer.str.startsWith(o.commentStart, tokenizer.index)) {
      const stripped = value.replace(/[ \t]*$/, '');
      const lineStart = stripped.length === 0 ? tok.colno === 0 : stripped.endsWith('\n');
      if (lineStart) value = stripped;
    }
    if (o.newline !== '\n') value = value.replace(/\n/g, o.newline);
    return { ...tok, value };
  };
  return tokenizer;
}
