/**
 * Compiles `{% macro %}` (and a call block's `caller`) as Jinja2 has them: positional arguments
 * fill the parameters in order, extra positional arguments are `varargs` and extra keyword
 * arguments `kwargs` when the body uses those names, and are refused (as Jinja2 refuses them)
 * when it does not. nunjucks' own macros drop extra arguments silently.
 */
import { JinjaError } from './errors.js';
import { nj } from './nunjucks-internals.js';
import type { AstNode, NodeListNode } from './nunjucks-internals.js';
import type { CompileFrame, LoopCompiler } from './compile-for.js';
import { isNode } from './nunjucks-internals.js';
import { tuple } from './python.js';

const str = (s: string): string => JSON.stringify(s);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Whether the macro body names `name` anywhere (Jinja2's find_undeclared, simplified). */
function usesName(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => usesName(n, name));
  if (typeof node !== 'object' || node === null || !('typename' in node)) return false;
  const ast = node as AstNode;
  if (isNode(ast, 'Symbol')) return ast.value === name;
  return Object.entries(ast).some(([k, v]) => k !== 'typename' && typeof v === 'object' && usesName(v, name));
}

export function compileJinjaMacro(c: LoopCompiler, node: AstNode, frame: CompileFrame | undefined): string {
  const params = (node.args as NodeListNode).children;
  const last = params[params.length - 1];
  const withDefaults = isNode(last, 'KeywordArgs') || isNode(last, 'Dict') ? (last as NodeListNode).children : [];
  const plainParams = withDefaults.length > 0 ? params.slice(0, -1) : params;
  for (const p of plainParams) if (p.typename !== 'Symbol') c.fail('a macro parameter must be a name', p.lineno, p.colno);
  const names = plainParams.map((p) => String(p.value));
  const defaultNames = withDefaults.map((pair) => String((pair.key as AstNode).value));
  const macroName = isNode(node.name, 'Symbol') ? String(node.name.value) : 'caller';
  const catchVarargs = usesName(node.body, 'varargs');
  const catchKwargs = usesName(node.body, 'kwargs');
  const keepFrame = frame !== undefined;
  const fn = `macro_${c._tmpid()}`;
  const inner = (keepFrame ? (frame as CompileFrame & { push(isolate?: boolean): CompileFrame }).push(true) : new (nj.runtime.Frame as unknown as new () => CompileFrame)());
  const args = names.map((n) => `l_${n}`);
  c._emitLine(`var ${fn} = env.play.makeMacro(${str(macroName)}, ${str(JSON.stringify(names))}, ${str(JSON.stringify(defaultNames))}, ${catchVarargs}, ${catchKwargs}, function (${[...args, 'kwargs', 'varargs', 'extra'].join(', ')}) {`);
  c._emitLine('var callerFrame = frame;');
  c._emitLine(`frame = ${keepFrame ? 'frame.push(true);' : 'new runtime.Frame();'}`);
  c._emitLine('if (Object.prototype.hasOwnProperty.call(kwargs, "caller")) { frame.set("caller", kwargs.caller); }');
  names.forEach((n) => {
    c._emitLine(`frame.set(${str(n)}, l_${n});`);
    inner.set(n, `l_${n}`);
  });
  for (const pair of withDefaults) {
    const n = String((pair.key as AstNode).value);
    c._emit(`frame.set(${str(n)}, Object.prototype.hasOwnProperty.call(kwargs, ${str(n)}) ? kwargs[${str(n)}] : `);
    c._compileExpression(pair.value as AstNode, inner);
    c._emitLine(');');
  }
  if (catchVarargs) c._emitLine('frame.set("varargs", varargs);');
  if (catchKwargs) c._emitLine('frame.set("kwargs", extra);');
  const buffer = c._pushBuffer();
  // a macro's output is counted apart: one marked piece makes a marked result (native-text.ts)
  const pieces = c._tmpid();
  c._emitLine(`var ${pieces} = env.play.openPieces();`);
  const loops = c.loops;
  c.loops = [];
  c._withScopedSyntax(() => c.compile(node.body as AstNode, inner));
  c.loops = loops;
  c._emitLine(`frame = ${keepFrame ? 'frame.pop();' : 'callerFrame;'}`);
  c._emitLine(`return env.play.closePieces(${pieces}, ${buffer}, true);`);
  c._emitLine('});');
  c._popBuffer();
  return fn;
}

/**
 * The function a compiled macro is: binds the call's arguments to the parameters as Python does
 * and hands the body its parameters, the keyword arguments, `varargs` and the extra `kwargs`.
 */
export function makeMacro(name: string, namesJson: string, defaultsJson: string, catchVarargs: boolean, catchKwargs: boolean, body: (...args: unknown[]) => unknown) {
  const names = JSON.parse(namesJson) as string[];
  const defaults = JSON.parse(defaultsJson) as string[];
  const declared = new Set([...names, ...defaults]);
  return function macro(this: unknown, ...callArgs: unknown[]): unknown {
    const tail = callArgs[callArgs.length - 1];
    const given = typeof tail === 'object' && tail !== null && hasOwn(tail, '__keywords') ? { ...(tail as Record<string, unknown>) } : {};
    const positional = hasOwn(given, '__keywords') ? callArgs.slice(0, -1) : callArgs;
    delete given.__keywords;
    const all = [...names, ...defaults];
    const extraPositional = positional.slice(all.length);
    if (extraPositional.length > 0 && !catchVarargs) throw new JinjaError(`macro '${name}' takes not more than ${all.length} argument(s)`);
    const keywords: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(given)) (declared.has(k) || k === 'caller' ? keywords : extra)[k] = v;
    const unknown = Object.keys(extra)[0];
    if (unknown !== undefined && !catchKwargs) throw new JinjaError(`macro '${name}' takes no keyword argument '${unknown}'`);
    positional.slice(0, all.length).forEach((v, i) => {
      const param = all[i] as string;
      if (hasOwn(keywords, param)) throw new JinjaError(`macro '${name}' got multiple values for argument '${param}'`);
      keywords[param] = v;
    });
    const values = names.map((n) => keywords[n]);
    return body.apply(this, [...values, keywords, tuple(extraPositional), extra]);
  };
}
