import { describe, expect, test } from 'vitest';
import { Templar, TemplateRecursionError, UndefinedVariableError, lazyVars } from './index.js';

const templar = new Templar();

describe('lazyVars', () => {
  test('plain values pass through untouched (same reference)', () => {
    const list = [1, 2];
    const v = lazyVars({ list, n: 1, s: 'text' }, templar);
    expect(v.list).toBe(list);
    expect(v.n).toBe(1);
    expect(v.s).toBe('text');
  });

  test('vars refer to vars, any depth, keeping native types', () => {
    const v = lazyVars({ a: '{{ b }}', b: '{{ c + 1 }}', c: '{{ d * 2 }}', d: 20 }, templar);
    expect(v.a).toBe(41);
    expect(templar.renderString('a={{ a }}', v)).toBe('a=41');
  });

  test('nested structures are templated too', () => {
    const v = lazyVars({ port: 5060, cfg: { listen: '0.0.0.0:{{ port }}', ports: ['{{ port }}'] } }, templar);
    expect(v.cfg).toEqual({ listen: '0.0.0.0:5060', ports: [5060] });
  });

  test('values are rendered on first access only, then cached', () => {
    const v = lazyVars({ cfg: { port: '{{ 1 + 1 }}' } }, templar);
    const first = v.cfg;
    expect(first).toEqual({ port: 2 });
    expect(v.cfg).toBe(first);
  });

  test('an unused var with an undefined reference does not fail; using it does', () => {
    const v = lazyVars({ ok: 'fine', broken: '{{ missing_var }}' }, templar);
    expect(templar.renderString('{{ ok }}', v)).toBe('fine');
    expect(() => templar.renderString('{{ broken }}', v)).toThrow(UndefinedVariableError);
    expect(() => templar.renderString('{{ broken }}', v)).toThrow("'missing_var' is undefined");
  });

  test('direct recursion is detected', () => {
    const v = lazyVars({ a: '{{ a }}' }, templar);
    expect(() => v.a).toThrow(TemplateRecursionError);
  });

  test('indirect recursion names the variable', () => {
    const v = lazyVars({ a: '{{ b }}', b: 'x{{ c }}', c: '{{ a }}' }, templar);
    expect(() => templar.renderString('{{ a }}', v)).toThrow('recursive loop detected in template for variable a');
  });

  test('is defined and default work through lazy vars', () => {
    const v = lazyVars({ a: "{{ b | default('dflt') }}", c: '{{ b is defined }}' }, templar);
    expect(v.a).toBe('dflt');
    expect(v.c).toBe(false);
  });

  test('assignment replaces a lazy value', () => {
    const v = lazyVars({ a: '{{ 1 + 1 }}' }, templar);
    v.a = 'set';
    expect(v.a).toBe('set');
    expect(Object.keys(v)).toEqual(['a']);
  });
});
