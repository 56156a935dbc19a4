import { describe, expect, test } from 'vitest';
import { PerView, Templar, TemplateRecursionError, UndefinedVariableError, layeredVars, lazyVarCounts, lazyVars } from './index.js';
import type { Vars } from './types.js';
import { UnsafeText, markUnsafe, trackUnsafeReads } from './unsafe.js';
import { assignOwn } from '../util/own-props.js';

const templar = new Templar();
const merged = (layers: Vars[]): Vars => assignOwn({}, ...layers);

/** Low → high, with names repeated across layers, templates, unsafe data and a __proto__ key. */
function sampleLayers(): Vars[] {
  return [
    { ansible_host: 'h1', greeting: 'hello {{ who }}', who: 'default', port: 80 },
    { who: 'inventory', list: [1, '{{ port }}'], facts: markUnsafe({ os: '{{ lookup("env", "HOME") }}' }) },
    JSON.parse('{"__proto__": {"polluted": true}, "port": 8080}') as Vars,
    { who: 'task', extra: null },
  ];
}

describe('layeredVars', () => {
  test('the same keys, in the same order, with the same values as the merged lazy variables', () => {
    const layers = sampleLayers();
    const view = layeredVars(layers, templar);
    const flat = lazyVars(merged(layers), templar);
    expect(Object.keys(view)).toEqual(Object.keys(flat));
    for (const key of Object.keys(flat)) expect([key, view[key]]).toEqual([key, flat[key]]);
    expect(JSON.stringify(view)).toBe(JSON.stringify(flat));
  });

  test('a name has the value of the highest layer that holds it', () => {
    const view = layeredVars([{ a: 1, b: 1 }, { a: 2 }, { c: 3 }], templar);
    expect([view.a, view.b, view.c, view.d]).toEqual([2, 1, 3, undefined]);
    expect(['a' in view, Object.hasOwn(view, 'b'), 'd' in view, Object.hasOwn(view, 'd')]).toEqual([true, true, false, false]);
  });

  test('a value renders against the whole view: a higher layer wins inside a lower layer template', () => {
    const view = layeredVars([{ url: 'http://{{ host }}:{{ port }}', host: 'default', port: 80 }, { host: 'task' }], templar);
    expect(view.url).toBe('http://task:80');
    expect(templar.renderString('{{ url }}', view)).toBe('http://task:80');
  });

  test('values render once per view, on first read; nothing renders while unread', () => {
    const layers = [{ cfg: { port: '{{ 1 + 1 }}' }, broken: '{{ missing_var }}' }];
    const view = layeredVars(layers, templar);
    const first = view.cfg;
    expect(first).toEqual({ port: 2 });
    expect(view.cfg).toBe(first);
    expect(layeredVars(layers, templar).cfg).not.toBe(first);
    expect(Object.hasOwn(view, 'broken')).toBe(true);
    expect(() => templar.renderString('{{ broken }}', view)).toThrow(UndefinedVariableError);
  });

  test('recursion is detected, directly and through other variables', () => {
    expect(() => layeredVars([{ a: '{{ a }}' }], templar).a).toThrow(TemplateRecursionError);
    const view = layeredVars([{ a: '{{ b }}', b: 'x{{ c }}' }, { c: '{{ a }}' }], templar);
    expect(() => templar.renderString('{{ a }}', view)).toThrow('recursive loop detected in template for variable a');
  });

  test('unsafe data is never rendered and taints every render that reads it', () => {
    const view = layeredVars([{ u: new UnsafeText('{{ 7 * 6 }}'), facts: markUnsafe({ os: '{{ 1 }}' }) }, { safe: '{{ 1 + 1 }}' }], templar);
    for (let i = 0; i < 2; i++) {
      const read = trackUnsafeReads(() => templar.renderString('{{ u }} {{ facts.os }}', view));
      expect(read).toEqual({ value: '{{ 7 * 6 }} {{ 1 }}', readUnsafe: true });
    }
    expect(trackUnsafeReads(() => templar.renderString('{{ safe }}', view))).toEqual({ value: '2', readUnsafe: false });
  });

  test('enumerating keeps the values already read, and later reads go on as before', () => {
    let made = 0;
    const view = layeredVars([{ a: '{{ b }}', b: 1, h: new PerView(() => ({ made: ++made })) }, { b: 2 }], templar);
    const h = view.h;
    expect(view.a).toBe(2);
    expect(Object.entries(view)).toEqual([['a', 2], ['b', 2], ['h', { made: 1 }]]);
    expect(view.h).toBe(h);
    expect(made).toBe(1);
    expect(layeredVars([{ h: new PerView(() => ({ made: ++made })) }], templar).h).toEqual({ made: 2 });
  });

  test('assignment and deletion act on the view as on a plain object; the layers stay untouched', () => {
    const layers = [{ a: '{{ 1 + 1 }}', b: 1 }];
    const view = layeredVars(layers, templar);
    view.a = 'set';
    view.c = 3;
    delete view.b;
    expect(Object.entries(view)).toEqual([['a', 'set'], ['c', 3]]);
    expect(layers).toEqual([{ a: '{{ 1 + 1 }}', b: 1 }]);
  });

  test('a view is a mapping to templates and filters, and stays opaque to walkers', () => {
    const view = layeredVars([{ a: 1 }, { b: '{{ a + 1 }}' }], templar);
    expect(templar.renderString("{{ 'b' in vars_view }} {{ vars_view | dict2items | map(attribute='key') | join(',') }}", { vars_view: view })).toBe('True a,b');
    expect(templar.renderString("{{ lookup('vars', 'b') }} {{ lookup('varnames', '^[ab]$') }}", view)).toBe('2 a,b');
  });

  test('building a view defines no property per variable (lazyVars defines one for each)', () => {
    const facts = markUnsafe(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`fact_${i}`, `v${i}`]))) as Vars;
    const layers = [{ d: '{{ x }}' }, facts, { x: 1 }];
    const before = lazyVarCounts.properties;
    for (let i = 0; i < 50; i++) expect(templar.renderString('{{ d }} {{ fact_7 }}', layeredVars(layers, templar))).toBe('1 v7');
    expect(lazyVarCounts.properties - before).toBe(0);
    lazyVars(merged(layers), templar);
    expect(lazyVarCounts.properties - before).toBe(202);
  });
});
