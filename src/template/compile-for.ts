/**
 * Compiles `{% for %}` as Jinja2 runs it. The loop is a function of its items and depth, so a
 * `recursive` loop can call itself through `loop(children)`; each iteration gets a fresh scope,
 * so a `{% set %}` in the body does not change the variable outside (nor the next iteration's
 * view of it); `loop` is a LoopState view (loop-context.ts) with previtem/nextitem, depth,
 * cycle() and changed(). Generated code reaches the helpers as `env.play.*` (runtime.ts).
 */
import { isNode } from './nunjucks-internals.js';
import type { AstNode, CompilerInstance, NodeListNode } from './nunjucks-internals.js';

/** nunjucks' compile-time frame: names bound to the JavaScript variables holding them. */
export interface CompileFrame {
  parent: CompileFrame | undefined;
  variables: Record<string, string>;
  set(name: string, id: string): void;
  lookup(name: string): string | undefined | null;
  push(): CompileFrame;
}

/** One `{% for %}` being compiled: its function (for `loop()`), depth variable and body frame. */
interface LoopScope {
  recursive: boolean;
  fn: string;
  depth0: string;
  body: CompileFrame;
}

export interface LoopCompiler extends CompilerInstance {
  loops: LoopScope[];
  buffer: string;
  _pushBuffer(): string;
  _popBuffer(): void;
  _withScopedSyntax(fn: () => void): void;
}

const str = (s: string): string => JSON.stringify(s);

function loopNames(node: AstNode): string[] {
  return isNode(node.name, 'Array') ? (node.name as NodeListNode).children.map((n) => String(n.value)) : [String((node.name as AstNode).value)];
}

export function compileJinjaFor(c: LoopCompiler, node: AstNode, frame: CompileFrame): void {
  const names = loopNames(node);
  let arr = node.arr as AstNode;
  // `{% for x in xs if cond %}`: nunjucks parses `xs if cond` as an inline if without else
  const cond = isNode(arr, 'InlineIf') && !arr.else_ ? (arr.cond as AstNode) : undefined;
  if (cond) arr = arr.body as AstNode;
  const [fn, raw, depth0, items, state, i, loopFrame] = [c._tmpid(), c._tmpid(), c._tmpid(), c._tmpid(), c._tmpid(), c._tmpid(), c._tmpid()];

  c._emitLine(`var ${fn} = function(${raw}, ${depth0}, frame) {`);
  c._emitLine(`var ${items} = env.play.loopItems(env.play.iter(${raw}, ${names.length}), ${names.length});`);
  if (cond) {
    c._emit(`${items} = `);
    c.compile({ typename: 'PlayLoopFilter', target: { typename: 'PlayCode', code: items }, cond, names, lineno: node.lineno, colno: node.colno } as unknown as AstNode, frame);
    c._emitLine(';');
  }
  c._emitLine(`var ${state} = env.play.loopState(${items}, ${depth0});`);
  c._emitLine(`var ${loopFrame} = frame.push();`);
  const buffer = c._pushBuffer();
  c._emitLine('');
  const body = frame.push();
  c.loops.push({ recursive: node.recursive === true, fn, depth0, body });
  c._emitLine(`for (var ${i} = 0; ${i} < ${items}.length; ${i}++) {`);
  // a fresh scope per iteration: what the body sets stays in it (Jinja2's loop scoping)
  c._emitLine(`frame = ${loopFrame}.push(true);`);
  if (names.length === 1) {
    const v = c._tmpid();
    c._emitLine(`var ${v} = ${items}[${i}];`);
    c._emitLine(`frame.set(${str(names[0] as string)}, ${v});`);
    body.set(names[0] as string, v);
  } else {
    const values = c._tmpid();
    c._emitLine(`var ${values} = env.play.unpack(${items}[${i}], ${names.length});`);
    names.forEach((name, u) => {
      c._emitLine(`frame.set(${str(name)}, ${values}[${u}]);`);
      body.set(name, `${values}[${u}]`);
    });
  }
  c._emitLine(`frame.set("loop", ${state}.at(${i}));`);
  c._withScopedSyntax(() => c.compile(node.body as AstNode, body));
  c._emitLine('}');
  c.loops.pop();
  if (node.else_) {
    c._emitLine(`frame = ${loopFrame};`);
    c._emitLine(`if (${items}.length === 0) {`);
    c._withScopedSyntax(() => c.compile(node.else_ as AstNode, frame.push()));
    c._emitLine('}');
  }
  c._emitLine(`return ${buffer};`);
  c._popBuffer();
  c._emitLine('};');
  c._emit(`${c.buffer} += ${fn}(`);
  c.compile(arr, frame);
  c._emitLine(', 0, frame);');
}

/** `loop(items)` inside a `recursive` loop: the loop's function one level deeper; else undefined. */
export function recursiveLoopCall(c: LoopCompiler, callee: AstNode): string | undefined {
  const scope = c.loops[c.loops.length - 1];
  if (!isNode(callee, 'Symbol') || callee.value !== 'loop' || !scope?.recursive) return undefined;
  return `${scope.fn}.call(null, (`;
}

/** The depth argument and frame that close a recursive `loop(...)` call. */
export function recursiveLoopTail(c: LoopCompiler): string {
  const scope = c.loops[c.loops.length - 1] as LoopScope;
  return `), ${scope.depth0} + 1, frame)`;
}

/**
 * Whether a `{% set name %}` in a loop body must make a new, loop-local variable: the name is
 * not yet bound inside the innermost loop, so assigning the outer one would leak out of the loop.
 */
export function setsLoopLocal(c: LoopCompiler, frame: CompileFrame, name: string): boolean {
  const scope = c.loops[c.loops.length - 1];
  if (!scope) return false;
  for (let f: CompileFrame | undefined = frame; f; f = f.parent) {
    // bound in the loop: to a JavaScript variable (assign it), or to '' (a loop-local set before)
    if (Object.prototype.hasOwnProperty.call(f.variables, name)) return f.variables[name] === '';
    if (f === scope.body) return true;
  }
  return true;
}

/** Jinja2's loop filter: the items for which the condition, with the loop variables set, is true. */
export function compileLoopFilter(c: LoopCompiler, node: AstNode, frame: CompileFrame): void {
  const names = node.names as string[];
  const item = (i: number): string => (names.length > 1 ? `env.play.unpack(__item, ${names.length})[${i}]` : '__item');
  const inner = frame.push();
  names.forEach((n, i) => inner.set(n, item(i)));
  c._emit('env.play.loopFilter(');
  c.compile(node.target as AstNode, frame);
  c._emit(`, function(__item) { return (function(frame) { ${names.map((n, i) => `frame.set(${str(n)}, ${item(i)});`).join(' ')} return env.play.truthy(`);
  c.compile(node.cond as AstNode, inner);
  c._emit('); })(frame.push()); })');
}
