import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nj } from './nunjucks-internals.js';

/**
 * The template layer extends nunjucks through parts it does not publish: it subclasses the
 * unexported Compiler and Parser, deep-imports nunjucks/src/transformer, wraps the lexer's
 * tokenizer and emits code that calls the runtime. Those are not covered by semver, so nunjucks
 * is pinned exactly and this test fails loudly — naming what to re-check — when an upgrade
 * changes any of them.
 */
const CHECKED_VERSION = '3.2.4';
const UPGRADE = `nunjucks differs from the ${CHECKED_VERSION} play was checked against: re-check src/template/nunjucks-internals.ts (the typed shapes), compiler.ts (every overridden compile* method against nunjucks/src/compiler.js) and parser.ts (parseAggregate, the tokenizer wrapper against nunjucks/src/lexer.js), then update CHECKED_VERSION in ${path.basename(import.meta.filename)}`;

const require = createRequire(import.meta.url);

/** Each prototype method the code overrides or calls, with the arity nunjucks 3.2.4 declares. */
const COMPILER_METHODS: Record<string, number> = {
  // overridden or added by PlayCompiler (compiler.ts)
  compile: 2, assertType: 1, compileSymbol: 2, compileLookupVal: 2, compileFunCall: 2, compileFilter: 2,
  compileIs: 2, compileGroup: 2, compileIn: 2, compileCompare: 2, compileAnd: 2, compileOr: 2,
  compileNot: 2, compileAdd: 2, compileMul: 2, compileMod: 2, compileConcat: 2, compileInlineIf: 2,
  compileIf: 3, compileFor: 2, compileDict: 2, compileKeywordArgs: 2, compileOutput: 2, compileInclude: 2,
  // called by PlayCompiler
  _emit: 1, _emitLine: 1, _tmpid: 0, _makeCallback: 1, _addScopeLevel: 0, _compileExpression: 2,
  _compileAggregate: 4, _compileGetTemplate: 4, compileLiteral: 1, fail: 3, getCode: 0,
  // overridden or called by compile-for.ts (Jinja2's for loop)
  compileSet: 2, _pushBuffer: 0, _popBuffer: 0, _withScopedSyntax: 1,
};
const PARSER_METHODS: Record<string, number> = {
  parseAggregate: 0, parseAsRoot: 0, peekToken: 0, nextToken: 1, skip: 1, parseExpression: 0, fail: 3,
  parseFor: 0, advanceAfterBlockEnd: 1, parseRaw: 1, parseInlineIf: 0, parseOr: 0, skipSymbol: 1,
};

function arities(proto: object, names: Record<string, number>): Record<string, number | 'missing'> {
  const table = proto as Record<string, unknown>;
  return Object.fromEntries(Object.keys(names).map((m) => {
    const fn = table[m];
    return [m, typeof fn === 'function' ? fn.length : 'missing'];
  }));
}

describe(`nunjucks internals the template layer extends (checked against ${CHECKED_VERSION})`, () => {
  it('is the exact version play was checked against, pinned without a range', () => {
    const installed = (require('nunjucks/package.json') as { version: string }).version;
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['nunjucks'], `package.json must pin nunjucks exactly. ${UPGRADE}`).toBe(CHECKED_VERSION);
    expect(installed, `installed nunjucks is ${installed}. ${UPGRADE}`).toBe(CHECKED_VERSION);
  });

  it('Compiler has every method PlayCompiler overrides or calls, with the same parameters', () => {
    expect(arities(nj.compiler.Compiler.prototype, COMPILER_METHODS), UPGRADE).toEqual(COMPILER_METHODS);
  });

  it('Compiler dispatches compile(node) to compile<typename>, which the added node types rely on', () => {
    const seen: string[] = [];
    class Probe extends nj.compiler.Compiler {
      compilePlayProbe(node: { typename: string }): void {
        seen.push(node.typename);
      }
    }
    const compiler = new Probe('probe', false);
    compiler.compile({ typename: 'PlayProbe', lineno: 0, colno: 0 }, undefined);
    expect(seen, UPGRADE).toEqual(['PlayProbe']);
    expect(compiler.codebuf, UPGRADE).toEqual([]);
  });

  it('Parser has the methods and token state PlayParser uses', () => {
    expect(arities(nj.parser.Parser.prototype, PARSER_METHODS), UPGRADE).toEqual(PARSER_METHODS);
    const parser = new nj.parser.Parser(nj.lexer.lex('{{ a }}', { trimBlocks: true, lstripBlocks: false })) as unknown as Record<string, unknown>;
    expect(Object.keys(parser), UPGRADE).toEqual(expect.arrayContaining(['tokens', 'peeked', 'extensions']));
    expect(Object.keys(parser.tokens as object), UPGRADE).toEqual(expect.arrayContaining(['index', 'lineno', 'colno']));
  });

  it("the lexer's tokenizer has the fields and methods the brace balancing wraps", () => {
    const tokenizer = nj.lexer.lex('{{ a }}', { trimBlocks: true, lstripBlocks: false }) as Record<string, unknown>;
    expect(Object.keys(tokenizer), UPGRADE).toEqual(expect.arrayContaining(['in_code', 'str', 'index', 'lineno', 'colno']));
    expect([typeof tokenizer.forward, typeof tokenizer.nextToken], UPGRADE).toEqual(['function', 'function']);
  });

  it('the deep-imported transformer, the node classes and the runtime the emitted code calls exist', () => {
    expect(typeof nj.transformer.transform, UPGRADE).toBe('function');
    for (const name of ['Node', 'Array', 'FunCall', 'Literal', 'LookupVal', 'Symbol', 'TemplateData']) {
      expect(typeof nj.nodes[name], `nunjucks node ${name}. ${UPGRADE}`).toBe('function');
    }
    expect(typeof nj.nodes.Node?.extend, UPGRADE).toBe('function');
    expect([typeof nj.runtime.Frame, typeof nj.runtime.SafeString, typeof nj.runtime.makeKeywordArgs, typeof nj.lib.TemplateError], UPGRADE)
      .toEqual(['function', 'function', 'function', 'function']);
    const env = new nj.Environment([], { autoescape: false, trimBlocks: true, lstripBlocks: false, dev: true, throwOnUndefined: false }) as unknown as Record<string, unknown>;
    for (const method of ['addFilter', 'addTest', 'addGlobal', 'getFilter', 'getTest', 'waterfall']) {
      expect(typeof env[method], `Environment.${method}. ${UPGRADE}`).toBe('function');
    }
  });
});
