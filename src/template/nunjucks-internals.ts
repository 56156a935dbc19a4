/**
 * Typed access to the parts of nunjucks that its published typings leave out: the lexer, parser,
 * AST node classes, the compiler class and the runtime. The templating engine subclasses the
 * compiler to get Jinja2/Ansible semantics (strict undefined, Python truthiness, native values),
 * so these shapes are the seam between nunjucks and this product. Shapes follow nunjucks 3.2.4,
 * which package.json pins exactly; nunjucks-internals.test.ts fails when an upgrade changes them.
 */
import { createRequire } from 'node:module';

export interface AstNode {
  readonly typename: string;
  lineno: number;
  colno: number;
  [field: string]: unknown;
}
export interface NodeListNode extends AstNode {
  children: AstNode[];
}
export type NodeClass = (new (lineno: number, colno: number, ...fields: unknown[]) => AstNode) & {
  extend(name: string, props: { fields: string[] }): NodeClass;
};

/** One frame of nunjucks' runtime scope chain (loop variables, {% set %} inside blocks, macro args). */
export interface RuntimeFrame {
  variables: Record<string, unknown>;
  parent: RuntimeFrame | undefined;
  topLevel: boolean;
  resolve(name: string, forWrite?: boolean): RuntimeFrame | undefined;
  push(isolateWrites?: boolean): RuntimeFrame;
}

export type RenderCallback = (err: unknown, result?: unknown) => void;
export type RootFn = (env: unknown, context: unknown, frame: RuntimeFrame, runtime: unknown, cb: RenderCallback) => void;
/** What compiled template code evaluates to: `root` plus one `b_<name>` function per block. */
export type TemplateProps = Record<string, RootFn>;

export interface CompilerInstance {
  codebuf: string[];
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _makeCallback(res?: string): string;
  _addScopeLevel(): void;
  _compileExpression(node: AstNode, frame: unknown): void;
  _compileAggregate(node: AstNode, frame: unknown, start: string, end: string): void;
  _compileGetTemplate(node: AstNode, frame: unknown, eager: boolean, ignoreMissing: boolean): string;
  compile(node: AstNode, frame: unknown): void;
  compileLiteral(node: AstNode, frame: unknown): void;
  compileDict(node: AstNode, frame: unknown): void;
  compileFunCall(node: AstNode, frame: unknown): void;
  compileIf(node: AstNode, frame: unknown, async?: boolean): void;
  compileFor(node: AstNode, frame: unknown): void;
  assertType(node: AstNode, ...types: unknown[]): void;
  fail(msg: string, lineno?: number, colno?: number): never;
  getCode(): string;
  buffer: string;
}
export type CompilerClass = new (templateName: string, throwOnUndefined: boolean) => CompilerInstance;

export interface ParserInstance {
  parseAsRoot(): AstNode;
  extensions: unknown[];
}
export type ParserClass = new (tokens: unknown) => ParserInstance;

export interface TemplateInstance {
  compile(): void;
  rootRenderFunc: RootFn;
  blocks: Record<string, RootFn>;
}

export interface EnvironmentInstance {
  opts: { autoescape: boolean; dev: boolean };
  globals: Record<string, unknown>;
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
  addFilter(name: string, fn: (...args: unknown[]) => unknown): void;
  addTest(name: string, fn: (...args: unknown[]) => unknown): void;
  addGlobal(name: string, value: unknown): void;
}
export type EnvironmentClass = new (
  loaders: unknown[],
  opts: { autoescape: boolean; trimBlocks: boolean; lstripBlocks: boolean; dev: boolean; throwOnUndefined: boolean },
) => EnvironmentInstance;

export interface NunjucksInternals {
  Environment: EnvironmentClass;
  Template: new (src: { type: 'code'; obj: TemplateProps }, env: EnvironmentInstance, path: string) => TemplateInstance;
  lexer: { lex(src: string, opts: { trimBlocks: boolean; lstripBlocks: boolean }): unknown };
  parser: { Parser: ParserClass };
  transformer: { transform(ast: AstNode, asyncFilters: string[], name: string): AstNode };
  nodes: Record<string, NodeClass>;
  compiler: { Compiler: CompilerClass };
  runtime: {
    Frame: new () => RuntimeFrame;
    SafeString: new (s: string) => object;
    makeKeywordArgs(obj: Record<string, unknown>): Record<string, unknown>;
  };
  lib: { TemplateError: new (msg: string, lineno?: number, colno?: number) => Error };
}

const requireCjs = createRequire(import.meta.url);
const main = requireCjs('nunjucks') as Omit<NunjucksInternals, 'transformer'>;
// The transformer is not re-exported from nunjucks' entry point.
const transformer = requireCjs('nunjucks/src/transformer') as NunjucksInternals['transformer'];

export const nj: NunjucksInternals = { ...main, transformer };

export function isNode(value: unknown, typename: string): value is AstNode {
  return typeof value === 'object' && value !== null && (value as { typename?: unknown }).typename === typename;
}
