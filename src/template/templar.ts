/**
 * The Templar: renders strings, bare expressions (when/failed_when/until) and template files with
 * Ansible's Jinja2 semantics. Compiled templates are cached by text (files by path and mtime), so
 * the thousands of small renders in a run only parse each distinct string once.
 */
import { renderedTextAsData } from './literal-text.js';
import { isDateValue } from './datetime.js';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { PlayError } from '../errors.js';
import type { SourcePos } from '../errors.js';
import { compileTemplate } from './compiler.js';
import { DEFAULT_LEXER, type LexerOptions } from './lexer-options.js';
import { prepareTemplate, restoreTrailingNewlines, type PreparedTemplate } from './template-file.js';
import { createEnvironment, lookupHost } from './environment.js';
import { runLookup } from './lookups/index.js';
import type { PlayEnvironment } from './environment.js';
import { JinjaError, TemplateRenderError, TemplateSyntaxError, UndefinedLookup, UndefinedVariableError, findCause } from './errors.js';
import { nj } from './nunjucks-internals.js';
import type { RootFn, TemplateProps } from './nunjucks-internals.js';
import { parseBoolean } from '../util/ansible-boolean.js';
import { Undefined, isMapping, plain, truthy } from './python.js';
import { PlayContext } from './runtime.js';
import { watchingSecrets } from './secret-taint.js';
import { NativeText, trackingOutput, withoutTextMarks } from './native-text.js';
import type { Masker } from '../secrets/mask.js';
import type { RenderContext, Vars } from './types.js';
import { UnsafeText, isMarkedContainer, markUnsafe, trackUnsafeReads, withoutMarks } from './unsafe.js';
import { setOwn } from '../util/own-props.js';

/** Where the text being rendered came from, for error messages. */
/** `expression`: a bare condition (when:, until:…); its string literals are Jinja2's, not raw (parser.ts). */
type Origin = { kind: 'string' | 'expression'; text: string } | { kind: 'file'; path: string };

const SINGLE_EXPRESSION = /^\{\{-?([\s\S]*?)-?\}\}$/;
/** Ansible's SINGLE_VAR: a string that is only `{{ name }}`. */
const SINGLE_VARIABLE = /^\{\{\s*(\w*)\s*\}\}$/;
/** Text a templated condition renders to that is false besides the boolean rule's false words. */
const FALSY_STRINGS = new Set(['', 'none']);
const CACHE_LIMIT = 10_000;

interface CompiledFile {
  mtimeMs: number;
  props: TemplateProps;
  prepared: PreparedTemplate;
}

interface CompiledCaches {
  text: Map<string, TemplateProps>;
  native: Map<string, TemplateProps>;
  expression: Map<string, TemplateProps>;
  file: Map<string, CompiledFile>;
}

/**
 * Compiled templates outlive a run: `play serve` runs the same playbooks again and again, and
 * parsing them is most of a warm scan's template work. A compiled template is code that takes
 * its environment and variables as arguments, so Templars share it when their filter and test
 * names (what the compiler resolves names against) are the same.
 */
const sharedCaches = new Map<string, CompiledCaches>();

function compiledCaches(filters: ReadonlySet<string>, tests: ReadonlySet<string>): CompiledCaches {
  const signature = `${[...filters].join(',')}|${[...tests].join(',')}`;
  let caches = sharedCaches.get(signature);
  if (!caches) sharedCaches.set(signature, (caches = { text: new Map(), native: new Map(), expression: new Map(), file: new Map() }));
  return caches;
}

function blocksOf(props: TemplateProps): Record<string, RootFn> {
  const blocks: Record<string, RootFn> = {};
  for (const [k, fn] of Object.entries(props)) if (k.startsWith('b_')) blocks[k.slice(2)] = fn;
  return blocks;
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export class Templar {
  private readonly env: PlayEnvironment;
  private readonly searchPaths: string[];
  /** Directories of the template files being rendered, searched for relative includes. */
  private readonly activeDirs: string[] = [];
  private readonly textCache: Map<string, TemplateProps>;
  private readonly nativeCache: Map<string, TemplateProps>;
  private readonly expressionCache: Map<string, TemplateProps>;
  private readonly fileCache: Map<string, CompiledFile>;
  /** The lexer settings of the file being rendered: its includes are read with them too. */
  private readonly activeLexers: LexerOptions[] = [];
  /** Whether the last render's output was one value marked by a string filter (native-text.ts). */
  private keptText = false;
  private readonly filterNames: Set<string>;
  private readonly testNames: Set<string>;

  /** Receives the secrets renders derive from secrets (secret-taint.ts). */
  private readonly secrets: Masker | undefined;

  /** @param secrets the run's masker: values computed from its secrets become secrets too. */
  constructor(opts: { searchPaths?: string[]; secrets?: Masker } = {}) {
    this.searchPaths = [...(opts.searchPaths ?? [])];
    this.secrets = opts.secrets;
    this.env = createEnvironment({
      load: (name) => this.loadNamed(name),
      renderFile: (path, vars, searchPaths) => this.renderFile(path, vars, undefined, searchPaths),
    });
    this.filterNames = new Set(Object.keys(this.env.filters));
    this.testNames = new Set(Object.keys(this.env.tests));
    ({ text: this.textCache, native: this.nativeCache, expression: this.expressionCache, file: this.fileCache } = compiledCaches(this.filterNames, this.testNames));
  }

  /** Whether the last render's result is text kept as text because a string filter marked it (native-text.ts). */
  gaveMarkedText(): boolean {
    return this.keptText;
  }

  /** True if the string contains {{, {% or {# (fast check, used to skip work). */
  static isTemplate(s: string): boolean {
    return s.includes('{{') || s.includes('{%') || s.includes('{#');
  }

  /**
   * Renders every template string in `value` (strings, lists, dicts). The result is plain data,
   * for modules and keywords: unsafe values (unsafe.ts) come out as their text, never rendered.
   */
  renderValue(value: unknown, vars: Vars, ctx?: RenderContext): unknown {
    return this.render(value, vars, ctx, false);
  }

  /**
   * As renderValue, for results that become variables again (set_fact, loop items, include
   * parameters): unsafe values stay marked, and so does the result of any template that read
   * unsafe data, so it is never rendered later.
   */
  renderData(value: unknown, vars: Vars, ctx?: RenderContext): unknown {
    return this.render(value, vars, ctx, true);
  }

  private render(value: unknown, vars: Vars, ctx: RenderContext | undefined, keepMarks: boolean): unknown {
    if (value instanceof UnsafeText) return keepMarks ? value : value.text;
    if (typeof value === 'string') {
      if (!Templar.isTemplate(value)) return value;
      const { value: result, readUnsafe } = trackUnsafeReads(() => {
        const rendered = this.renderTemplateString(value, vars, ctx);
        // output that is one piece of text marked by a string filter stays text (native-text.ts)
        return this.keptText ? rendered : renderedTextAsData(rendered);
      });
      return keepMarks && readUnsafe ? markUnsafe(result) : result;
    }
    if (isMarkedContainer(value)) return keepMarks ? value : withoutMarks(value);
    if (Array.isArray(value)) return value.map((v) => this.render(v, vars, ctx, keepMarks));
    if (isMapping(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        setOwn(out, Templar.isTemplate(k) ? this.renderString(k, vars, ctx) : k, this.render(v, vars, ctx, keepMarks));
      }
      return out;
    }
    return value;
  }

  /** A string holding template syntax: its native value when it is one `{{ expression }}`, else text. */
  private renderTemplateString(value: string, vars: Vars, ctx: RenderContext | undefined): unknown {
    const single = SINGLE_EXPRESSION.exec(value);
    if (single && !single[1]?.includes('{{') && !single[1]?.includes('{%')) {
      const result = this.run(this.compileCached(this.nativeCache, value, true, { kind: 'string', text: value }, ctx), vars, { kind: 'string', text: value }, ctx, true);
      // Ansible's finalize prints None as '' ("{{ none }}", "{{ d.k }}"); only "{{ name }}" of a
      // variable holding null hands the null over (Templar.template's single-variable shortcut)
      if (result === null) {
        const name = SINGLE_VARIABLE.exec(value)?.[1];
        return name !== undefined && name in vars ? null : '';
      }
      return result;
    }
    return this.renderString(value, vars, ctx);
  }

  renderString(text: string, vars: Vars, ctx?: RenderContext): string {
    if (!Templar.isTemplate(text)) return text;
    const origin: Origin = { kind: 'string', text };
    return this.run(this.compileCached(this.textCache, text, false, origin, ctx), vars, origin, ctx, false) as string;
  }

  evaluate(expr: string, vars: Vars, ctx?: RenderContext): unknown {
    const trimmed = expr.trim();
    if (Templar.isTemplate(trimmed)) return this.renderValue(trimmed, vars, ctx);
    const source = `{{ ${trimmed} }}`;
    const origin: Origin = { kind: 'expression', text: trimmed };
    return this.run(this.compileCached(this.expressionCache, source, true, origin, ctx), vars, origin, ctx, true);
  }

  /**
   * A condition as Ansible evaluates `when:` (and assert's `that`, changed_when, failed_when,
   * until). A bare expression is true by Python's truth: a variable holding the string "false"
   * (as `-e flag=false` gives) is a non-empty string, so true, as ansible-core 2.14 has it. A
   * condition written as a template is rendered first and Ansible then reads the text as an
   * expression: here the text is read by the boolean rule ("False", "0", "no" are false) and
   * "", "none" are false.
   */
  isTrue(cond: unknown, vars: Vars, ctx?: RenderContext): boolean {
    if (typeof cond === 'boolean') return cond;
    if (cond instanceof UnsafeText) {
      throw new TemplateRenderError(`the condition '${shorten(cond.text)}' is marked as unsafe, and cannot be evaluated`, {
        source: ctx?.source,
        hint: 'a condition is an expression: remove !unsafe, or test the value in an expression (when: x == "text")',
      });
    }
    // a bare expression is Jinja2's truth (`when: s` with s = "false" is true, as in Ansible); a
    // condition that is a template is rendered first, and a string it gives is read as a boolean
    if (typeof cond === 'string' && !Templar.isTemplate(cond)) return truthy(this.evaluate(cond, vars, ctx));
    const value = typeof cond === 'string' ? this.evaluate(cond, vars, ctx) : cond;
    const templated = typeof cond === 'string' && Templar.isTemplate(cond);
    if (templated && typeof value === 'string') return parseBoolean(value) !== false && !FALSY_STRINGS.has(value.trim().toLowerCase());
    return truthy(value);
  }

  /**
   * @param searchPaths where `{% include %}`/`{% import %}` look after the template's own
   *   directory (the role's and the playbook's templates/, as Ansible searches them).
   */
  renderFile(path: string, vars: Vars, ctx?: RenderContext, searchPaths: readonly string[] = [], lexer: Partial<LexerOptions> = {}): string {
    const { props, prepared } = this.compileFile(path, ctx, { ...DEFAULT_LEXER, ...lexer }, true);
    const dirs = [...searchPaths].reverse().concat(dirname(path));
    this.activeDirs.push(...dirs);
    this.activeLexers.push(prepared.lexer);
    try {
      return restoreTrailingNewlines(this.run(props, vars, { kind: 'file', path }, ctx, false) as string, prepared);
    } finally {
      this.activeDirs.splice(this.activeDirs.length - dirs.length, dirs.length);
      this.activeLexers.pop();
    }
  }

  /** Runs a lookup plugin over `terms` with these variables: the items of a `with_<lookup>:` loop. */
  lookupItems(name: string, terms: unknown[], vars: Vars, ctx?: RenderContext): unknown[] {
    const context = new PlayContext(this.env, vars, {});
    try {
      return runLookup(name, terms, {}, lookupHost(context, { load: (n) => this.loadNamed(n), renderFile: (p, v, sp) => this.renderFile(p, v, ctx, sp) })) ?? [];
    } catch (err) {
      throw this.toPlayError(err, { kind: 'string', text: `with_${name}` }, ctx);
    }
  }

  /**
   * Parses a task string (or a bare expression, as in `when:`) without rendering it, so syntax
   * errors surface at load time. Throws TemplateSyntaxError.
   */
  checkSyntax(text: string, opts: { expression?: boolean; source?: SourcePos } = {}): void {
    const trimmed = text.trim();
    if (opts.expression && !Templar.isTemplate(trimmed)) {
      this.compileCached(this.expressionCache, `{{ ${trimmed} }}`, true, { kind: 'expression', text: trimmed }, { source: opts.source });
    } else if (Templar.isTemplate(text)) {
      this.compileCached(this.textCache, text, false, { kind: 'string', text }, { source: opts.source });
    }
  }

  /** Parses a template file without rendering it (its includes are checked when rendered). */
  checkFile(path: string, lexer: Partial<LexerOptions> = {}): void {
    this.compileFile(path, undefined, { ...DEFAULT_LEXER, ...lexer }, true);
  }

  /** @param alone rendered by itself, not included: its `#jinja2:` line is read (template-file.ts). */
  private compileFile(path: string, ctx: RenderContext | undefined, lexer: LexerOptions, alone: boolean): { props: TemplateProps; prepared: PreparedTemplate } {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch (err) {
      throw new PlayError('TEMPLATE_NOT_FOUND', `could not find or access template '${path}'`, {
        source: ctx?.source,
        hint: 'check the src path (relative paths are searched in the templates/ directories)',
        cause: err,
      });
    }
    const key = `${path}\0${alone}\0${JSON.stringify(lexer)}`;
    const hit = this.fileCache.get(key);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const prepared = prepareTemplate(readFileSync(path, 'utf8'), lexer, path, alone);
    const props = this.compile(prepared.source, false, { kind: 'file', path }, ctx, prepared.lexer);
    if (this.fileCache.size >= CACHE_LIMIT) this.fileCache.clear();
    this.fileCache.set(key, { mtimeMs, props, prepared });
    return { props, prepared };
  }

  /** Resolves {% include 'x' %} names: absolute, then the including file's directory, then search paths. */
  private loadNamed(name: string): { props: TemplateProps; path: string } | undefined {
    const candidates = isAbsolute(name) ? [name] : [...this.activeDirs.slice().reverse(), ...this.searchPaths].map((d) => join(d, name));
    for (const candidate of candidates) {
      try {
        if (!statSync(candidate).isFile()) continue;
      } catch {
        continue;
      }
      return { props: this.compileFile(candidate, undefined, this.activeLexers.at(-1) ?? DEFAULT_LEXER, false).props, path: candidate };
    }
    return undefined;
  }

  private compileCached(cache: Map<string, TemplateProps>, text: string, native: boolean, origin: Origin, ctx?: RenderContext): TemplateProps {
    const hit = cache.get(text);
    if (hit) return hit;
    const props = this.compile(text, native, origin, ctx);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, props);
    return props;
  }

  private compile(text: string, native: boolean, origin: Origin, ctx?: RenderContext, lexer?: LexerOptions): TemplateProps {
    try {
      return compileTemplate(text, origin.kind === 'file' ? origin.path : '', { native, filters: this.filterNames, tests: this.testNames, rawStrings: origin.kind === 'string', lexer });
    } catch (err) {
      const e = err as { lineno?: number; colno?: number; message?: string };
      const message = String(e.message ?? err).replace(/^\(.*?\)\s*/, '').replace(/^\s*\[Line \d+, Column \d+\]\s*/, '').trim();
      const lines = (origin.kind === 'file' ? text : origin.text).split('\n');
      // an unclosed block is reported at the end of the file
      const endLine = lines.length > 1 && lines.at(-1) === '' ? lines.length - 1 : lines.length;
      const line = typeof e.lineno === 'number' ? e.lineno : /end of file/.test(message) ? endLine : undefined;
      const lineText = line !== undefined ? lines[line - 1] : undefined;
      const where = origin.kind === 'file' ? `template ${origin.path}${line !== undefined ? ` line ${line}` : ''}` : `'${shorten(origin.text)}'`;
      throw new TemplateSyntaxError(`template syntax error in ${where}: ${message}${lineText !== undefined && origin.kind === 'file' ? `\n  ${lineText}` : ''}`, {
        source: origin.kind === 'file' ? { file: origin.path, line, col: e.colno } : ctx?.source,
        hint: 'check the Jinja2 syntax: {{ expression }}, {% statement %}, matching quotes and brackets',
        cause: err,
      });
    }
  }

  private run(props: TemplateProps, vars: Vars, origin: Origin, ctx: RenderContext | undefined, native: boolean): unknown {
    const root = props.root as RootFn;
    const context = new PlayContext(this.env, vars, blocksOf(props));
    const frame = new nj.runtime.Frame();
    frame.topLevel = true;
    let result: unknown;
    let error: unknown;
    let output = { oneMarkedPiece: false, marked: false };
    try {
      output = trackingOutput(() =>
        watchingSecrets(this.secrets, () =>
          root(this.env, context, frame, nj.runtime, (err, res) => {
            if (err) error ??= err;
            else result = res;
          }),
        ),
      );
    } catch (err) {
      error = err;
    }
    if (error !== undefined) throw this.toPlayError(error, origin, ctx);
    if (result instanceof Undefined) throw this.toPlayError(new UndefinedLookup(result.name, undefined, undefined), origin, ctx);
    // set last, after the renders this one started (lazy variables): read by the caller right away
    this.keptText = native ? result instanceof NativeText : output.oneMarkedPiece;
    if (!native) return result;
    const value = plain(output.marked ? withoutTextMarks(result) : result);
    // a datetime or timedelta is no YAML value: Ansible's template result is its str()
    return isDateValue(value) ? String(value) : value;
  }

  private toPlayError(err: unknown, origin: Origin, ctx?: RenderContext): PlayError {
    const play = findCause(err, (e): e is PlayError => e instanceof PlayError);
    if (play) return play;
    const inTask = ctx?.task ? ` in task '${ctx.task}'` : '';
    const where = (line: number | undefined): SourcePos | undefined =>
      origin.kind === 'file' ? { file: origin.path, line } : ctx?.source;
    const what = origin.kind === 'file' ? `template ${origin.path}` : `'${shorten(origin.text)}'`;
    const undef = findCause(err, (e): e is UndefinedLookup => e instanceof UndefinedLookup);
    if (undef) {
      const at = origin.kind === 'file' && undef.line !== undefined ? ` (${origin.path} line ${undef.line})` : '';
      const root = undef.variable.split(/[.[]/)[0] ?? undef.variable;
      return new UndefinedVariableError(undef.variable, `'${undef.variable}' is undefined${inTask}${at}`, {
        source: where(undef.line),
        hint: undef.variable.includes('.') || undef.variable.includes('[')
          ? `'${root}' has no such key; test it with 'is defined' or use '| default(...)'`
          : `define '${root}' (play vars, role defaults, inventory, -e) or use '| default(...)'`,
        cause: err,
      });
    }
    const jinja = findCause(err, (e): e is JinjaError => e instanceof JinjaError);
    const nunjucksLine = findCause(err, (e): e is { lineno: number } => typeof (e as { lineno?: unknown }).lineno === 'number');
    const line = nunjucksLine && nunjucksLine.lineno > 0 ? nunjucksLine.lineno : undefined;
    const inner = jinja ?? findCause(err, (e): e is Error => e instanceof Error && !(e instanceof nj.lib.TemplateError));
    const message = inner ? inner.message : String(err);
    return new TemplateRenderError(`error while templating ${what}${inTask}: ${message}`, {
      source: where(line),
      hint: jinja?.hint,
      cause: err,
    });
  }
}
