/**
 * Jinja2's `{% set %}` statement: `{% set a, b = 1, 2 %}` (several names take a tuple's items,
 * and a bare `1, 2` is a tuple) and a set block whose text goes through filters
 * (`{% set x | upper %}…{% endset %}`). nunjucks' parser has neither.
 */
import { nj } from './nunjucks-internals.js';
import type { AstNode, NodeClass, NodeListNode } from './nunjucks-internals.js';

export interface SetParser {
  peekToken(): { type: string; lineno: number; colno: number };
  skipSymbol(name: string): boolean;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  parsePrimary(): AstNode;
  parseExpression(): AstNode;
  parseFilter(node: AstNode): AstNode;
  parseUntilBlocks(...names: string[]): AstNode;
  advanceAfterBlockEnd(name?: string): unknown;
  fail(msg: string, lineno?: number, colno?: number): never;
}

const node = (name: string): NodeClass => nj.nodes[name] as NodeClass;

/** The filter chain parsed around `placeholder`, with the captured block in its place. */
function replacePlaceholder(chain: AstNode, placeholder: AstNode, capture: AstNode): AstNode {
  if (chain === placeholder) return capture;
  const args = (chain.args as NodeListNode).children;
  args[0] = replacePlaceholder(args[0] as AstNode, placeholder, capture);
  return chain;
}

export function parseJinjaSet(p: SetParser): AstNode {
  const tag = p.peekToken();
  if (!p.skipSymbol('set')) p.fail('parseSet: expected set', tag.lineno, tag.colno);
  const set = new (node('Set'))(tag.lineno, tag.colno, []);
  const targets = set.targets as AstNode[];
  do targets.push(p.parsePrimary());
  while (p.skip('comma'));
  if (p.skipValue('operator', '=')) {
    const first = p.parseExpression();
    if (p.peekToken().type !== 'comma') set.value = first;
    else {
      const items = [first];
      while (p.skip('comma') && p.peekToken().type !== 'block-end') items.push(p.parseExpression());
      set.value = new (node('Array'))(first.lineno, first.colno, items);
      (set.value as AstNode).tupleLiteral = true;
    }
    p.advanceAfterBlockEnd('set');
    return set;
  }
  const placeholder = new (node('Symbol'))(tag.lineno, tag.colno, 'set block');
  const chain = p.parseFilter(placeholder);
  p.advanceAfterBlockEnd('set');
  const capture = new (node('Capture'))(tag.lineno, tag.colno, p.parseUntilBlocks('endset'));
  p.advanceAfterBlockEnd();
  set.value = chain === placeholder ? null : replacePlaceholder(chain, placeholder, capture);
  set.body = chain === placeholder ? capture : null;
  return set;
}
