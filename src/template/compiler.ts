/**
 * Compiles Jinja2 text to nunjucks template code with Jinja2/Ansible semantics. nunjucks parses;
 * this compiler subclass changes what the parsed expressions do: undefined variables fail unless
 * they are tested or defaulted, conditions use Python truthiness, operators and comparisons follow
 * Python, dict keys are expressions, `x[1:3]` slices, and in native mode `{{ expr }}` yields the
 * expression's value instead of text. Jinja2's for loops, macros and set statements are compiled
 * in compile-for.ts, compile-macro.ts and compile-set.ts. Generated code reaches the helpers as
 * `env.play` (runtime.ts).
 */
import { nj, isNode } from './nunjucks-internals.js';
import type { AstNode, CompilerInstance, NodeListNode, TemplateProps } from './nunjucks-internals.js';
import { parseTemplate } from './parser.js';
import { compileJinjaFor, compileLoopFilter, recursiveLoopCall, recursiveLoopTail } from './compile-for.js';
import { compileNameSet } from './compile-set.js';
import type { CompileFrame, LoopCompiler } from './compile-for.js';
import { compileJinjaMacro } from './compile-macro.js';
import type { LexerOptions } from './lexer-options.js';

/** Filters and tests that receive undefined values instead of failing on them (Ansible semantics). */
const LENIENT_FILTERS = new Set(['default', 'd', 'mandatory']);
const LENIENT_TESTS = new Set(['defined', 'undefined']);
/** Nodes that keep the lenient mode of their parent: a name and the attribute chain on it. */
const CHAIN_NODES = new Set(['Symbol', 'LookupVal', 'Group']);
/** Python's constants as JavaScript literals. A Map: a template name must never find an inherited property. */
const PY_CONSTANTS = new Map([['True', 'true'], ['False', 'false'], ['None', 'null']]);
const OWN_NODES = new Set(['Slice', 'PlayTruthy', 'PlayLoopFilter', 'PlayCode']);


export interface CompileOptions {
  /** `{{ expr }}` returns the value itself (used for single-expression strings and bare expressions). */
  native: boolean;
  filters: ReadonlySet<string>;
  /** A playbook string, not a template file: string literals in `{{ }}` keep their backslashes. */
  rawStrings?: boolean;
  tests: ReadonlySet<string>;
  /** A template file's lexer settings (the template module's options); Ansible's defaults otherwise. */
  lexer?: LexerOptions | undefined;
}

function childrenOf(node: unknown): AstNode[] {
  return (node as NodeListNode).children;
}

/** A readable name for an expression, used in "'result.nope' is undefined" messages. */
function describe(node: unknown): string {
  if (isNode(node, 'Symbol')) return String(node.value);
  if (isNode(node, 'LookupVal')) {
    const base = describe(node.target);
    const key = node.val;
    if (isNode(key, 'Literal')) {
      return typeof key.value === 'string' && /^[A-Za-z_]\w*$/.test(key.value) ? `${base}.${key.value}` : `${base}[${JSON.stringify(key.value)}]`;
    }
    return `${base}[${describe(key)}]`;
  }
  if (isNode(node, 'FunCall')) return `${describe(node.name)}()`;
  if (isNode(node, 'Literal')) return JSON.stringify(node.value);
  return '(expression)';
}

function testName(right: unknown): string {
  if (isNode(right, 'FunCall')) return testName(right.name);
  if (isNode(right, 'Literal')) return right.value === null ? 'none' : String(right.value);
  if (isNode(right, 'Symbol')) return String(right.value) === 'None' ? 'none' : String(right.value).toLowerCase() === 'true' || String(right.value).toLowerCase() === 'false' ? String(right.value).toLowerCase() : String(right.value);
  return '';
}

const str = (s: string): string => JSON.stringify(s);

class PlayCompiler extends nj.compiler.Compiler {
  lenient = false;
  loops: LoopCompiler['loops'] = [];
  options: CompileOptions = { native: false, filters: new Set(), tests: new Set() };

  override compile(node: AstNode, frame: unknown): void {
    const saved = this.lenient;
    if (!CHAIN_NODES.has(node.typename)) this.lenient = false;
    try {
      super.compile(node, frame);
    } finally {
      this.lenient = saved;
    }
  }

  private strict(node: AstNode, frame: unknown): void {
    const saved = this.lenient;
    this.lenient = false;
    this.compile(node, frame);
    this.lenient = saved;
  }

  override assertType(node: AstNode, ...types: unknown[]): void {
    if (OWN_NODES.has(node.typename)) return;
    super.assertType(node, ...types);
  }

  compileSymbol(node: AstNode, frame: { lookup(name: string): string | undefined | null }): void {
    const name = String(node.value);
    const constant = PY_CONSTANTS.get(name);
    if (constant !== undefined) return this._emit(constant);
    const local = frame.lookup(name);
    if (typeof local === 'string' && local) return this._emit(local);
    this._emit(`env.play.lookup(context, frame, ${str(name)}, ${this.lenient}, ${node.lineno}, ${node.colno})`);
  }

  compileLookupVal(node: AstNode, frame: unknown): void {
    const key = node.val as AstNode;
    if (isNode(key, 'Slice') || (isNode(key, 'Array') && isNode(childrenOf(key)[0], 'Slice'))) {
      const slice = isNode(key, 'Slice') ? key : (childrenOf(key)[0] as AstNode);
      this._emit('env.play.slice(');
      this.strict(node.target as AstNode, frame);
      for (const field of ['start', 'stop', 'step']) {
        this._emit(',');
        if (slice[field]) this.strict(slice[field] as AstNode, frame);
        else this._emit('null');
      }
      return this._emit(')');
    }
    this._emit('env.play.member((');
    this.compile(node.target as AstNode, frame);
    this._emit('),');
    this.strict(key, frame);
    this._emit(`, ${str(describe(node.target))}, ${this.lenient}, ${node.lineno}, ${node.colno})`);
  }

  override compileFunCall(node: AstNode, frame: unknown): void {
    const callee = node.name as AstNode;
    const recursion = recursiveLoopCall(this as unknown as LoopCompiler, callee);
    if (recursion) {
      this._emit(recursion);
      this._compileAggregate(node.args as AstNode, frame, '', '');
      return this._emit(recursiveLoopTail(this as unknown as LoopCompiler));
    }
    if (!isNode(callee, 'LookupVal')) return super.compileFunCall(node, frame);
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.play.callMethod((`);
    this.strict(callee.target as AstNode, frame);
    this._emit('),');
    this.strict(callee.val as AstNode, frame);
    this._emit(',');
    this._compileAggregate(node.args as AstNode, frame, '[', ']');
    this._emit(`, ${str(describe(callee.target))}, ${node.lineno}, ${node.colno}))`);
  }

  /** `{% set %}`: names (compile-set.ts), or `{% set ns.attr = value %}` on a namespace(). */
  compileSet(node: AstNode, frame: unknown): void {
    const targets = node.targets as AstNode[];
    const target = targets[0];
    if (targets.every((t) => isNode(t, 'Symbol'))) return compileNameSet(this as unknown as LoopCompiler, node, frame as CompileFrame);
    if (targets.length !== 1 || !isNode(target, 'LookupVal')) this.fail('can only assign to names and namespace attributes', node.lineno, node.colno);
    this._emit('env.play.setAttribute(');
    this.strict(target.target as AstNode, frame);
    this._emit(',');
    this.strict(target.val as AstNode, frame);
    this._emit(',');
    if (node.value) this.strict(node.value as AstNode, frame);
    else this.compile(node.body as AstNode, frame);
    this._emitLine(');');
  }

  compileFilter(node: AstNode, frame: unknown): void {
    const name = String((node.name as AstNode).value);
    // an unknown filter fails the render that reaches it, not the load: Ansible's syntax check accepts it
    const known = this.options.filters.has(name);
    this._emit(known ? `env.getFilter(${str(name)}).call(context, ` : `env.play.missing('filter', ${str(name)}, `);
    childrenOf(node.args).forEach((arg, i) => {
      if (i > 0) this._emit(',');
      const saved = this.lenient;
      this.lenient = i === 0 && LENIENT_FILTERS.has(name);
      this.compile(arg, frame);
      this.lenient = saved;
    });
    this._emit(')');
  }

  compileIs(node: AstNode, frame: unknown): void {
    const name = testName(node.right);
    const known = this.options.tests.has(name);
    this._emit(known ? `(env.getTest(${str(name)}).call(context, ` : `(env.play.missing('test', ${str(name)}, `);
    const saved = this.lenient;
    this.lenient = LENIENT_TESTS.has(name);
    this.compile(node.left as AstNode, frame);
    this.lenient = saved;
    const right = node.right as AstNode;
    if (isNode(right, 'FunCall') && childrenOf(right.args).length > 0) {
      this._emit(',');
      this._compileAggregate(right.args as AstNode, frame, '', '');
    }
    this._emit(') === true)');
  }

  /** `(a, b)` is a Python tuple (a list here), not JavaScript's comma operator. */
  compileGroup(node: AstNode, frame: unknown): void {
    const multiple = childrenOf(node).length > 1;
    this._compileAggregate(node, frame, multiple ? '[' : '(', multiple ? ']' : ')');
  }

  compileIn(node: AstNode, frame: unknown): void {
    this.call('contains', frame, node.left, node.right);
  }
  compileCompare(node: AstNode, frame: unknown): void {
    this._emit('env.play.compare(');
    this.compile(node.expr as AstNode, frame);
    this._emit(', [');
    (node.ops as AstNode[]).forEach((op, i) => {
      this._emit(`${i > 0 ? ',' : ''}${str(String(op.type))}, `);
      this.compile(op.expr as AstNode, frame);
    });
    this._emit('])');
  }
  compileAnd(node: AstNode, frame: unknown): void {
    this.shortCircuit('and', node, frame);
  }
  compileOr(node: AstNode, frame: unknown): void {
    this.shortCircuit('or', node, frame);
  }
  compileNot(node: AstNode, frame: unknown): void {
    this.call('not', frame, node.target);
  }
  compileAdd(node: AstNode, frame: unknown): void {
    this.call('add', frame, node.left, node.right);
  }
  compileSub(node: AstNode, frame: unknown): void {
    this.call('sub', frame, node.left, node.right);
  }
  compileMul(node: AstNode, frame: unknown): void {
    this.call('mul', frame, node.left, node.right);
  }
  compileMod(node: AstNode, frame: unknown): void {
    this.call('mod', frame, node.left, node.right);
  }
  compileConcat(node: AstNode, frame: unknown): void {
    this.call('concat', frame, node.left, node.right);
  }
  compilePlayTruthy(node: AstNode, frame: unknown): void {
    this.call('truthy', frame, node.target);
  }

  compileInlineIf(node: AstNode, frame: unknown): void {
    this._emit('(env.play.truthy(');
    this.compile(node.cond as AstNode, frame);
    this._emit(') ? ');
    this.compile(node.body as AstNode, frame);
    this._emit(' : ');
    if (node.else_) this.compile(node.else_ as AstNode, frame);
    else this._emit('""');
    this._emit(')');
  }

  override compileIf(node: AstNode, frame: unknown, async?: boolean): void {
    node.cond = { typename: 'PlayTruthy', target: node.cond, lineno: node.lineno, colno: node.colno };
    super.compileIf(node, frame, async);
  }

  override compileFor(node: AstNode, frame: unknown): void {
    compileJinjaFor(this as unknown as LoopCompiler, node, frame as CompileFrame);
  }

  /** Macros and call blocks' `caller` with Jinja2's argument binding (compile-macro.ts). */
  _compileMacro(node: AstNode, frame?: unknown): string {
    return compileJinjaMacro(this as unknown as LoopCompiler, node, frame as CompileFrame | undefined);
  }

  /** A macro defined in a loop body sees the loop's variables, as a Jinja2 closure does. */
  compileMacro(node: AstNode, frame: unknown): void {
    const own = this._compileMacro.bind(this);
    if (this.loops.length > 0) this._compileMacro = (n: AstNode) => own(n, frame);
    try {
      (nj.compiler.Compiler.prototype as unknown as { compileMacro(this: unknown, n: AstNode, f: unknown): void }).compileMacro.call(this, node, frame);
    } finally {
      delete (this as { _compileMacro?: unknown })._compileMacro;
    }
  }

  compilePlayCode(node: AstNode): void {
    this._emit(String(node.code));
  }

  compilePlayLoopFilter(node: AstNode, frame: unknown): void {
    compileLoopFilter(this as unknown as LoopCompiler, node, frame as CompileFrame);
  }

  /** Dict literals: keys are expressions (`{item.name: 1}`), as in Jinja2. */
  override compileDict(node: AstNode, frame: unknown): void {
    this._emit('env.play.dict([');
    childrenOf(node).forEach((pair, i) => {
      if (i > 0) this._emit(',');
      this.compile(pair.key as AstNode, frame);
      this._emit(',');
      this.compile(pair.value as AstNode, frame);
    });
    this._emit('])');
  }

  /**
   * Keyword arguments keep nunjucks' meaning of a dict: bare names are argument names. Built by
   * env.play.dict rather than as an object literal, where a `__proto__` key would set the prototype.
   */
  compileKeywordArgs(node: AstNode, frame: unknown): void {
    this._emit('runtime.makeKeywordArgs(env.play.dict([');
    childrenOf(node).forEach((pair, i) => {
      if (i > 0) this._emit(',');
      const key = pair.key as AstNode;
      if (isNode(key, 'Symbol')) this._emit(str(String(key.value)));
      else this.compile(key, frame);
      this._emit(',');
      this.compile(pair.value as AstNode, frame);
    });
    this._emit(']))');
  }

  compileOutput(node: AstNode, frame: unknown): void {
    // the pieces of the output are counted (native-text.ts)
    const own = true;
    for (const child of childrenOf(node)) {
      if (isNode(child, 'TemplateData')) {
        if (!child.value || this.options.native) continue;
        this._emit(`${this.buffer} += ${own ? 'env.play.text(' : '('}`);
        this.compileLiteral(child, frame);
        this._emitLine(');');
      } else if (this.options.native) {
        this._emit(`${this.buffer} = (`);
        this.compile(child, frame);
        this._emitLine(');');
      } else {
        this._emit(`${this.buffer} += env.play.${own ? 'ownOut' : 'out'}(`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  }

  /** `{% set x %}…{% endset %}` and `{% filter f %}…{% endfilter %}`: counted apart, one marked piece stays marked (native-text.ts). */
  compileCapture(node: AstNode, frame: unknown): void {
    this._emit('env.play.closePieces(env.play.openPieces(), ');
    (nj.compiler.Compiler.prototype as unknown as { compileCapture(this: unknown, n: AstNode, f: unknown): void }).compileCapture.call(this, node, frame);
    this._emit(', false)');
  }

  /** As nunjucks' include, but the included template shares this render's context instead of a copy. */
  compileInclude(node: AstNode, frame: unknown): void {
    this._emitLine('var tasks = [];');
    this._emitLine('tasks.push(');
    this._emitLine('function(callback) {');
    const id = this._compileGetTemplate(node, frame, false, Boolean(node.ignoreMissing));
    this._emitLine(`callback(null,${id});});`);
    this._emitLine('});');
    const id2 = this._tmpid();
    this._emitLine('tasks.push(');
    this._emitLine('function(template, callback){');
    this._emitLine(`env.play.renderInclude(template, context, frame, ${this._makeCallback(id2)}`);
    this._emitLine(`callback(null,${id2});});`);
    this._emitLine('});');
    this._emitLine('tasks.push(');
    this._emitLine('function(result, callback){');
    this._emitLine(`${this.buffer} += result;`);
    this._emitLine('callback(null);');
    this._emitLine('});');
    this._emitLine('env.waterfall(tasks, function(){');
    this._addScopeLevel();
  }

  private call(fn: string, frame: unknown, ...args: unknown[]): void {
    this._emit(`env.play.${fn}(`);
    args.forEach((arg, i) => {
      if (i > 0) this._emit(',');
      this.compile(arg as AstNode, frame);
    });
    this._emit(')');
  }

  private shortCircuit(fn: 'and' | 'or', node: AstNode, frame: unknown): void {
    this._emit(`env.play.${fn}(`);
    this.compile(node.left as AstNode, frame);
    this._emit(', function () { return (');
    this.compile(node.right as AstNode, frame);
    this._emit('); })');
  }
}

/** Parses and compiles `src`; throws nunjucks' TemplateError (with 1-based lineno/colno) on bad syntax. */
export function compileTemplate(src: string, name: string, options: CompileOptions): TemplateProps {
  const ast = nj.transformer.transform(parseTemplate(src, options.rawStrings === true, options.lexer), [], name);
  const compiler = new PlayCompiler(name, false) as PlayCompiler & CompilerInstance;
  compiler.options = options;
  compiler.compile(ast, undefined);
   
  return new Function(compiler.getCode())() as TemplateProps;
}
