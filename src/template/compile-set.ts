/**
 * Compiles `{% set name = … %}` and `{% set a, b = … %}` (the value's items unpacked, as Python
 * unpacks a tuple). In a loop body a name not yet bound in the loop becomes a variable of the
 * iteration (compile-for.ts); elsewhere the assignment is nunjucks' own: the frame, and at the
 * top level the render's variables and exports.
 */
import type { AstNode } from './nunjucks-internals.js';
import { setsLoopLocal } from './compile-for.js';
import type { CompileFrame, LoopCompiler } from './compile-for.js';

const str = (s: string): string => JSON.stringify(s);

export function compileNameSet(c: LoopCompiler, node: AstNode, frame: CompileFrame): void {
  const names = (node.targets as AstNode[]).map((t) => String(t.value));
  const value = c._tmpid();
  c._emit(`var ${value} = `);
  const tuple = node.value !== null && (node.value as AstNode).tupleLiteral === true;
  if (tuple) c._emit('env.play.tuple(');
  if (node.value) c.compile(node.value as AstNode, frame);
  else c.compile(node.body as AstNode, frame);
  c._emitLine(tuple ? ');' : ';');
  const items = c._tmpid();
  if (names.length > 1) c._emitLine(`var ${items} = env.play.unpack(${value}, ${names.length});`);
  names.forEach((name, i) => {
    const v = names.length > 1 ? `${items}[${i}]` : value;
    if (setsLoopLocal(c, frame, name)) {
      c._emitLine(`frame.set(${str(name)}, ${v});`);
      frame.set(name, '');
      return;
    }
    // a name compiled to a JavaScript variable (a loop variable, a macro parameter) is read from it
    const id = frame.lookup(name);
    if (id) c._emitLine(`${id} = ${v};`);
    c._emitLine(`frame.set(${str(name)}, ${v}, true);`);
    c._emitLine(`if (frame.topLevel) { context.setVariable(${str(name)}, ${v});${name.startsWith('_') ? '' : ` context.addExport(${str(name)}, ${v});`} }`);
  });
}
