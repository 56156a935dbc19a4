/**
 * Jinja2's `{% raw %}` block as its lexer reads it: the text up to the first `endraw` (raw blocks
 * do not nest), with whitespace control on both tags (`{%- raw -%}`, `{%- endraw -%}`),
 * trim_blocks after `endraw` only, and lstrip_blocks before it. nunjucks' own raw tag knows none
 * of the `-` forms and always uses the default markers.
 */

export interface RawTokenizer {
  str: string;
  index: number;
  tags: { BLOCK_START: string; BLOCK_END: string };
  trimBlocks: boolean;
  lstripBlocks: boolean;
  lineno: number;
  colno: number;
  forwardN(n: number): void;
}

/** Steps back over the newline just read (nunjucks' own back() fails on newlines). */
function unreadNewline(tokens: RawTokenizer): void {
  tokens.index -= 1;
  tokens.lineno -= 1;
  tokens.colno = tokens.index - (tokens.str.lastIndexOf('\n', tokens.index - 1) + 1);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads the raw text after the opening tag (already consumed; `stripLeading` when it ended in
 * `-%}`) through the closing tag. Returns the text and whether the closing tag ended in `-%}`,
 * or undefined when there is no `endraw`.
 */
export function readRawBlock(tokens: RawTokenizer, stripLeading: boolean): { text: string; dropAfter: boolean } | undefined {
  const { BLOCK_START: start, BLOCK_END: end } = tokens.tags;
  // nunjucks' lexer applied trim_blocks to the opening tag; Jinja2 keeps that newline
  if (!stripLeading && tokens.trimBlocks && tokens.str[tokens.index - 1] === '\n' && tokens.str.endsWith(end, tokens.index - 1)) unreadNewline(tokens);
  const closing = new RegExp(`${escapeRe(start)}(-?)\\s*endraw\\s*(-?)${escapeRe(end)}`, 'g');
  closing.lastIndex = tokens.index;
  const match = closing.exec(tokens.str);
  if (!match) return undefined;
  let text = tokens.str.slice(tokens.index, match.index);
  if (stripLeading) text = text.replace(/^\s+/, '');
  if (match[1] === '-') text = text.replace(/\s+$/, '');
  else if (tokens.lstripBlocks) text = text.replace(/(^|\n)[ \t]+$/, '$1');
  tokens.forwardN(match.index + match[0].length - tokens.index);
  const dropAfter = match[2] === '-';
  if (!dropAfter && tokens.trimBlocks && tokens.str[tokens.index] === '\n') tokens.forwardN(1);
  return { text, dropAfter };
}
