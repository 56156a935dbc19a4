/**
 * The template sandbox: a template reaches the data it is given and the registered filters,
 * tests and globals — never JavaScript's machinery behind them (prototypes, constructors,
 * `Function`), and building a dict never changes an object's prototype.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const vars = { x: { a: 1 }, s: 'text', l: [1, 2] };
const render = (template: string): unknown => templar.renderValue(template, vars);

afterEach(() => {
  // nothing a template does may reach the shared prototype
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('no way to JavaScript objects', () => {
  test.each(['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'])(
    '{{ %s }} is an undefined variable, not a function of the runtime',
    (name) => {
      expect(() => render(`{{ ${name} }}`)).toThrow(`'${name}' is undefined`);
      expect(render(`{{ ${name} is defined }}`)).toBe(false);
      expect(() => render(`{% set y = 1 %}{{ ${name} }}`)).toThrow('is undefined');
    },
  );

  test.each([
    '{{ x.constructor }}',
    "{{ x['constructor'] }}",
    '{{ x.__proto__ }}',
    '{{ s.constructor }}',
    '{{ l.constructor }}',
    '{{ lookup.constructor }}',
    '{{ range.constructor }}',
    "{{ lookup.constructor('return process')() }}",
    "{{ x.constructor.constructor('return process')() }}",
    '{{ (1).constructor }}',
    '{{ loop.constructor }}',
  ])('%s fails as an undefined attribute', (template) => {
    expect(() => render(template)).toThrow(/is undefined|not callable/);
  });

  test('a dict key named like one is data, and only data', () => {
    const data = { d: JSON.parse('{"constructor": "c", "__proto__": "p", "prototype": "q"}') as unknown };
    expect(templar.renderValue('{{ d.constructor }}{{ d.__proto__ }}{{ d.prototype }}', data)).toBe('cpq');
  });
});

describe('filters and tests are looked up in their own registries', () => {
  test.each([
    ["{{ l | map('toString') | list }}", "no filter named 'toString'"],
    ["{{ l | map('constructor') | list }}", "no filter named 'constructor'"],
    ["{{ l | map('__proto__') | list }}", "no filter named '__proto__'"],
    ["{{ l | select('toString') | list }}", "no test named 'toString'"],
    ["{{ l | reject('hasOwnProperty') | list }}", "no test named 'hasOwnProperty'"],
    ["{{ [x] | selectattr('a', 'constructor') | list }}", "no test named 'constructor'"],
  ])('%s', (template, message) => {
    expect(() => render(template)).toThrow(message);
  });

  test('registered filters and tests still work through map and select', () => {
    expect(render("{{ ['a', 'b'] | map('upper') | list }}")).toEqual(['A', 'B']);
    expect(render("{{ [1, 2, 3] | select('odd') | list }}")).toEqual([1, 3]);
  });
});

describe("a '__proto__' key is a key", () => {
  const protoKeyed = (value: unknown): void => {
    const obj = value as Record<string, unknown>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toContain('__proto__');
    expect(obj).not.toHaveProperty('polluted');
  };

  test.each([
    "{{ {'__proto__': {'polluted': 1}} }}",
    '{{ dict(__proto__={"polluted": 1}) }}',
    "{{ {} | combine({'__proto__': {'polluted': 1}}) }}",
    "{{ {'__proto__': {'a': 1}} | combine({'__proto__': {'polluted': 1}}, recursive=true) }}",
    "{{ [{'key': '__proto__', 'value': {'polluted': 1}}] | items2dict }}",
    "{{ [['__proto__', {'polluted': 1}]] | dict }}",
    '{{ \'{"__proto__": {"polluted": 1}}\' | from_json | combine({}) }}',
  ])('%s', (template) => {
    protoKeyed(render(template));
  });

  test('dict.update() with such a key adds it as a key', () => {
    const template = "{% set d = {} %}{% set _ = d.update({'__proto__': {'polluted': 1}}) %}{{ d.keys() | list }} {{ d.polluted is defined }}";
    expect(render(template)).toBe("['__proto__'] False");
  });

  test('keyword arguments named __proto__ do not set a prototype', () => {
    expect(render('{{ dict(__proto__=1, a=2) }}')).toEqual(JSON.parse('{"__proto__": 1, "a": 2}'));
  });

});
