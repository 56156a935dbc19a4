import { describe, expect, test } from 'vitest';
import { Templar, lazyVars } from './index.js';
import { UnsafeText, hasUnsafe, isMarkedContainer, markUnsafe, trackUnsafeReads, withoutMarks } from './unsafe.js';

const templar = new Templar();
/** A template that reads the controller if it is ever evaluated. */
const PAYLOAD = "{{ secret }}{% if true %}-if{% endif %}{# c #}";
const textOf = (v: unknown): string => {
  if (!(v instanceof UnsafeText)) throw new Error(`expected an UnsafeText, got ${JSON.stringify(v)}`);
  return v.text;
};

describe('marks', () => {
  test('markUnsafe wraps every string, deep, and leaves other scalars alone', () => {
    const marked = markUnsafe({ stdout: PAYLOAD, rc: 0, ok: true, none: null, lines: [PAYLOAD, 'b'], nested: { k: 'v' } }) as Record<string, unknown>;
    expect(textOf(marked.stdout)).toBe(PAYLOAD);
    expect([marked.rc, marked.ok, marked.none]).toEqual([0, true, null]);
    expect((marked.lines as unknown[]).map(textOf)).toEqual([PAYLOAD, 'b']);
    expect(textOf((marked.nested as Record<string, unknown>).k)).toBe('v');
    expect(isMarkedContainer(marked) && isMarkedContainer(marked.lines) && isMarkedContainer(marked.nested)).toBe(true);
  });

  test('withoutMarks restores the data exactly, and is the identity for unmarked data', () => {
    const data = { stdout: PAYLOAD, lines: ['x', 'y\\n'], n: 1.5, deep: [{ a: ['é漢🎉'] }] };
    expect(withoutMarks(markUnsafe(data))).toEqual(data);
    const plain = { a: [1, 'two'], b: { c: '{{ x }}' } };
    expect(withoutMarks(plain)).toBe(plain);
  });

  test('marking is idempotent, copes with cycles, and keeps a __proto__ key as data', () => {
    const once = markUnsafe(['a']);
    expect(markUnsafe(once)).toBe(once);
    const cyclic: unknown[] = ['x'];
    cyclic.push(cyclic);
    const marked = markUnsafe(cyclic) as unknown[];
    expect(marked[1]).toBe(marked);
    const json = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    const copy = withoutMarks(markUnsafe(json)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test('hasUnsafe finds a mark anywhere in plain containers', () => {
    expect(hasUnsafe({ a: [1, { b: new UnsafeText('x') }] })).toBe(true);
    expect(hasUnsafe({ a: [1, { b: 'x' }] })).toBe(false);
    expect(hasUnsafe(new UnsafeText(''))).toBe(true);
  });

  test('a render reports whether it read unsafe data; nested renders report to their own', () => {
    const outer = trackUnsafeReads(() => {
      const inner = trackUnsafeReads(() => templar.renderString('{{ u }}', lazyVars({ u: new UnsafeText('x') }, templar)));
      expect(inner.readUnsafe).toBe(true);
      return templar.renderString('{{ s }}', { s: 'safe' });
    });
    expect(outer.readUnsafe).toBe(false);
  });
});

describe('templates never evaluate unsafe data', () => {
  const vars = (extra: Record<string, unknown>) => lazyVars({ secret: 'LEAKED', ...extra }, templar);
  const registered = markUnsafe({ stdout: PAYLOAD, stdout_lines: [PAYLOAD, 'line 2'], rc: 0 });

  test('an unsafe value is its text, wherever it is read', () => {
    const v = vars({ u: new UnsafeText(PAYLOAD), r: registered });
    expect(templar.renderValue('{{ u }}', v)).toBe(PAYLOAD);
    expect(templar.renderValue('{{ r.stdout }}', v)).toBe(PAYLOAD);
    expect(templar.renderValue('x {{ r.stdout_lines[0] }} y', v)).toBe(`x ${PAYLOAD} y`);
    expect(templar.renderValue('{{ r }}', v)).toEqual({ stdout: PAYLOAD, stdout_lines: [PAYLOAD, 'line 2'], rc: 0 });
    expect(templar.renderValue("{{ lookup('vars', 'u') }}", v)).toBe(PAYLOAD);
    expect(templar.renderValue(new UnsafeText(PAYLOAD), v)).toBe(PAYLOAD);
    expect(templar.renderValue({ list: [new UnsafeText(PAYLOAD)], r: registered }, v)).toEqual({ list: [PAYLOAD], r: { stdout: PAYLOAD, stdout_lines: [PAYLOAD, 'line 2'], rc: 0 } });
  });

  test('variables that refer to unsafe data carry the mark on, through any number of lazy variables', () => {
    const v = vars({ r: registered, a: '{{ r.stdout }}', b: '{{ a }}' });
    expect(templar.renderValue('{{ b }}', v)).toBe(PAYLOAD);
    expect(textOf(templar.renderData('{{ b }}', v))).toBe(PAYLOAD);
    // every read taints the render doing it, not only the first one
    expect(textOf(templar.renderData('{{ b }}', v))).toBe(PAYLOAD);
  });

  test.each([
    ['{{ r.stdout }}', PAYLOAD],
    ["pre {{ r.stdout }}", `pre ${PAYLOAD}`],
    ["{{ r.stdout.split('-') | first }}", '{{ secret }}{% if true %}'],
    ['{{ r.stdout_lines | first | trim }}', PAYLOAD],
    ["{{ r.stdout | regex_replace('if', 'IF') }}", PAYLOAD.replaceAll('if', 'IF')],
    ["{{ r.rc }}-{{ '{{' }} secret }}", '0-{{ secret }}'],
  ])('the result of a template that read unsafe data is unsafe: %s', (template, expected) => {
    const rendered = templar.renderData(template, vars({ r: registered }));
    expect(textOf(rendered)).toBe(expected);
    // stored as a variable and used again, it stays text
    expect(templar.renderValue('{{ again }}', vars({ again: rendered }))).toBe(expected);
  });

  test('filters returning lists keep every piece unsafe', () => {
    const pieces = templar.renderData("{{ r.stdout_lines | map('upper') | list }}", vars({ r: registered })) as unknown[];
    expect(pieces.map(textOf)).toEqual([PAYLOAD.toUpperCase(), 'LINE 2']);
    expect(isMarkedContainer(pieces)).toBe(true);
  });

  test('a template that reads no unsafe data keeps its result plain, rendered later as before', () => {
    const v = vars({});
    const stored = templar.renderData("{{ '{{' }} secret }}", v);
    expect(stored).toBe('{{ secret }}');
    expect(templar.renderValue('{{ again }}', vars({ again: stored }))).toBe('LEAKED');
  });

  test('renderData keeps marks in place inside mixed structures', () => {
    const out = templar.renderData({ from_target: '{{ r.stdout }}', own: '{{ secret }}', raw: new UnsafeText(PAYLOAD) }, vars({ r: registered })) as Record<string, unknown>;
    expect(textOf(out.from_target)).toBe(PAYLOAD);
    expect(out.own).toBe('LEAKED');
    expect(textOf(out.raw)).toBe(PAYLOAD);
  });

  test('keys of target data are never rendered', () => {
    const v = vars({ r: markUnsafe({ json: { '{{ secret }}': 1 } }) });
    expect(templar.renderValue('{{ r.json }}', v)).toEqual({ '{{ secret }}': 1 });
    expect(Object.keys(templar.renderData(markUnsafe({ '{{ secret }}': 'x' }), v) as object)).toEqual(['{{ secret }}']);
  });

  test('a variables object that is not lazy (play vars for hosts:) is read the same way', () => {
    const plainVars = { secret: 'LEAKED', u: new UnsafeText(PAYLOAD), r: registered };
    expect(templar.renderValue('{{ u }} {{ r.stdout }}', plainVars)).toBe(`${PAYLOAD} ${PAYLOAD}`);
    expect(textOf(templar.renderData('{{ u }}', plainVars))).toBe(PAYLOAD);
  });

  test('an unsafe condition is refused, not evaluated (as Ansible does)', () => {
    const v = vars({});
    expect(() => templar.isTrue(new UnsafeText('secret == "LEAKED"'), v)).toThrow("the condition 'secret == \"LEAKED\"' is marked as unsafe, and cannot be evaluated");
    expect(templar.isTrue('secret == "LEAKED"', v)).toBe(true);
  });

  test('safe variables render lazily exactly as before', () => {
    const v = lazyVars({ a: '{{ b }}', b: '{{ c + 1 }}', c: 1, cfg: { port: '{{ a }}' } }, templar);
    expect(templar.renderValue('{{ cfg }}', v)).toEqual({ port: 2 });
    expect(templar.renderData('{{ a }}', v)).toBe(2);
  });
});
