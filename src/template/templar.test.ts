import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { Templar, TemplateSyntaxError, UndefinedVariableError } from './index.js';

const templar = new Templar();
const vars = {
  port: 5060,
  name: 'pbx',
  list: [1, 2, 3],
  dict: { a: 1, b: { c: 2 } },
  flag: true,
  nothing: null,
  empty: [],
  result: { rc: 0, stdout: 'ok', changed: false },
};
const render = (s: string, v: Record<string, unknown> = vars): unknown => templar.renderValue(s, v);

describe('native values', () => {
  test.each([
    ['{{ [1, 2] }}', [1, 2]],
    ['{{ 5 }}', 5],
    ['{{ port }}', 5060],
    ['{{ dict }}', { a: 1, b: { c: 2 } }],
    ['{{ flag }}', true],
    // Ansible's finalize: a None result is '' (set_fact x: "{{ none }}" gives x == '')
    ['{{ nothing }}', null], // a single variable holding null: Ansible hands the null over
    ['{{- port -}}', 5060],
    ['{{ name }}', 'pbx'],
    ['port: {{ port }}', 'port: 5060'],
    ['{{ port }}{{ port }}', '50605060'],
  ])('%s', (src, expected) => {
    expect(render(src)).toEqual(expected);
  });

  test('strings without template syntax are returned untouched', () => {
    const s = 'plain text with { braces }';
    expect(render(s)).toBe(s);
  });

  test('renderValue recurses into lists and dicts, keys included', () => {
    expect(templar.renderValue({ '{{ name }}_key': ['{{ port }}', 'x', 3] }, vars)).toEqual({ pbx_key: [5060, 'x', 3] });
  });

  test('the variables object is not copied or mutated by {% set %}', () => {
    const v = { a: 1 };
    expect(templar.renderString('{% set a = 2 %}{{ a }}', v)).toBe('2');
    expect(v).toEqual({ a: 1 });
  });
});

describe('text output follows Python str()', () => {
  test.each([
    ['{{ flag }}!', 'True!'],
    ['{{ not flag }}!', 'False!'],
    ['{{ list }}!', '[1, 2, 3]!'],
    ["{{ {'a': 'x'} }}!", "{'a': 'x'}!"],
    ['[{{ nothing }}]', '[]'],
    ['{{ 1.5 }}!', '1.5!'],
    ["{{ 'a' ~ 1 ~ none }}", 'a1None'],
  ])('%s', (src, expected) => {
    expect(templar.renderString(src, vars)).toBe(expected);
  });
});

describe('Jinja2 expressions', () => {
  test.each([
    ['{{ True }}', true],
    ['{{ (False or None) is none }}', true],
    ['{{ False or None }}', ''],
    ['{{ true and 3 }}', 3],
    ['{{ none is none }}', true],
    ["{{ 'a' in ['a', 'b'] }}", true],
    ["{{ 'z' not in ['a', 'b'] }}", true],
    ["{{ 'a' in dict }}", true],
    ["{{ 'bc' in 'abcd' }}", true],
    ['{{ port if flag else 0 }}', 5060],
    ['{{ port if not flag else 0 }}', 0],
    ['{{ list[1:] }}', [2, 3]],
    ['{{ list[:-1] }}', [1, 2]],
    ['{{ list[::-1] }}', [3, 2, 1]],
    ["{{ 'hello'[1:3] }}", 'el'],
    ['{{ list[-1] }}', 3],
    ['{{ dict.items() | list }}', [['a', 1], ['b', { c: 2 }]]],
    ['{{ dict.keys() | list }}', ['a', 'b']],
    ['{{ dict.values() | first }}', 1],
    ["{{ dict.get('zz', 7) }}", 7],
    ["{{ dict['b']['c'] }}", 2],
    ["{{ 'a b  c'.split() }}", ['a', 'b', 'c']],
    ["{{ 'a,b'.split(',') }}", ['a', 'b']],
    ["{{ name.startswith('pb') and name.endswith('x') }}", true],
    ["{{ ' x '.strip() ~ name.upper() ~ 'Q'.lower() }}", 'xPBXq'],
    ["{{ 'a-b'.replace('-', '+') }}", 'a+b'],
    ["{{ '{}:{}'.format(name, port) }}", 'pbx:5060'],
    ['{{ range(3) | list }}', [0, 1, 2]],
    ['{{ [1] + [2] }}', [1, 2]],
    ["{{ '-' * 3 }}", '---'],
    ["{{ '%s:%d' % (name, port) }}", 'pbx:5060'],
    ['{{ 7 // 2 }}', 3],
    ['{{ 2 ** 3 }}', 8],
    ['{{ 1 < 2 < 3 }}', true],
    ['{{ 3 > 2 > 5 }}', false],
    ['{{ [1, [2]] == [1, [2]] }}', true],
    ["{{ {'a': 1} == {'a': 1} }}", true],
    ["{{ 1 == '1' }}", false],
    ['{{ result.rc != 0 }}', false],
    ["{{ {name: port} }}", { pbx: 5060 }],
    ["{{ lookup('env', 'PLAY_TEMPLAR_TEST') }}", 'from-env'],
  ])('%s', (src, expected) => {
    process.env.PLAY_TEMPLAR_TEST = 'from-env';
    expect(render(src)).toEqual(expected);
  });

  test('python truthiness in if: empty list and dict are false', () => {
    expect(templar.renderString('{% if empty %}y{% else %}n{% endif %}{% if {} %}y{% else %}n{% endif %}{% if list %}y{% endif %}', vars)).toBe('nny');
  });

  test('comparing a string with a number is an error with a hint', () => {
    expect(() => render("{{ '8' > 7 }}")).toThrow(/not supported between instances of 'str' and 'int'/);
  });

  test('adding a string and a number is an error', () => {
    expect(() => render("{{ 'a' + 1 }}")).toThrow(/unsupported operand/);
  });
});

describe('statements', () => {
  test('for loop with loop.index, loop.first and loop.last', () => {
    const out = templar.renderString('{% for x in list %}{{ loop.index }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %} {% endfor %}', vars);
    expect(out).toBe('1F 2 3L ');
  });
  test('for over a dict iterates keys; k, v over items()', () => {
    expect(templar.renderString('{% for k in dict %}{{ k }}{% endfor %}|{% for k, v in dict.items() %}{{ k }}={{ v }};{% endfor %}', { dict: { a: 1, b: 2 } })).toBe('ab|a=1;b=2;');
  });
  test('for ... else on an empty list', () => {
    expect(templar.renderString('{% for x in empty %}{{ x }}{% else %}none{% endfor %}', vars)).toBe('none');
  });
  test('set, macros and elif', () => {
    const src = '{% macro tag(n, v=1) %}<{{ n }}={{ v }}>{% endmacro %}{% set y = port + 1 %}{{ tag(name) }}{{ tag("p", y) }}{% if port > 9000 %}a{% elif port > 5000 %}b{% else %}c{% endif %}';
    expect(templar.renderString(src, vars)).toBe('<pbx=1><p=5061>b');
  });
  test('raw blocks and comments', () => {
    expect(templar.renderString('{% raw %}{{ not rendered }}{% endraw %}{# gone #}!', vars)).toBe('{{ not rendered }}!');
  });
  test('whitespace control with {%- -%}', () => {
    expect(templar.renderString('a  {%- if flag -%}  b  {%- endif -%}  c', vars)).toBe('abc');
  });
  test('trim_blocks removes the newline after a block tag, lstrip_blocks is off', () => {
    expect(templar.renderString('{% if flag %}\nyes\n  {% endif %}\nend', vars)).toBe('yes\n  end');
  });
  test('no HTML autoescaping', () => {
    expect(templar.renderString('{{ s }}', { s: '<a href="x">&</a>' })).toBe('<a href="x">&</a>');
  });
});

describe('undefined variables', () => {
  const ctx = { task: 'Write sip.conf', source: { file: 'site.yml', line: 12, col: 7 } };
  test('an undefined variable is an UndefinedVariableError naming it and the task', () => {
    let err: unknown;
    try {
      templar.renderValue('secret={{ sip_secret }}', vars, ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UndefinedVariableError);
    const u = err as UndefinedVariableError;
    expect(u.code).toBe('TEMPLATE_UNDEFINED_VAR');
    expect(u.message).toBe("'sip_secret' is undefined in task 'Write sip.conf'");
    expect(u.source).toEqual(ctx.source);
    expect(u.hint).toBeTruthy();
  });
  test('an undefined attribute of a defined dict names the path', () => {
    expect(() => render('{{ result.nope }}')).toThrow("'result.nope' is undefined");
  });
  test.each([
    ['{{ nope is defined }}', false],
    ['{{ nope is undefined }}', true],
    ['{{ nope is not defined }}', true],
    ['{{ result.nope is defined }}', false],
    ['{{ result.rc is defined }}', true],
    ['{{ nope | default(5) }}', 5],
    ['{{ nope | d("x") }}', 'x'],
    ['{{ nope.a.b | default(1) }}', 1],
    ['{{ result.nope | default("dflt") }}', 'dflt'],
    ["{{ '' | default('e', true) }}", 'e'],
    ["{{ '' | default('e') }}", ''],
    ['{{ nope is defined and nope.x }}', false],
    ['{{ nope.x if nope is defined else 2 }}', 2],
  ])('%s', (src, expected) => {
    expect(render(src)).toEqual(expected);
  });
  test('{% if x is defined %} guards its body', () => {
    expect(templar.renderString('{% if nope is defined %}{{ nope }}{% else %}unset{% endif %}', vars)).toBe('unset');
  });
  test('undefined in an if condition is an error', () => {
    expect(() => templar.renderString('{% if nope %}x{% endif %}', vars)).toThrow(UndefinedVariableError);
  });
  test('a filter other than default does not accept undefined', () => {
    expect(() => render('{{ nope | lower | default("x") }}')).toThrow("'nope' is undefined");
  });
  test('mandatory fails with its own message', () => {
    expect(() => render('{{ nope | mandatory }}')).toThrow("Mandatory variable 'nope' not defined.");
    expect(() => render("{{ nope | mandatory('set nope!') }}")).toThrow('set nope!');
    expect(render('{{ port | mandatory }}')).toBe(5060);
  });
  test('a null value is defined', () => {
    expect(render('{{ nothing is defined }}')).toBe(true);
  });
});

describe('syntax errors', () => {
  test('inline: TemplateSyntaxError with the task source', () => {
    const source = { file: 'tasks/main.yml', line: 4 };
    let err: unknown;
    try {
      templar.renderString('{{ port + }}', vars, { source });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect((err as TemplateSyntaxError).code).toBe('TEMPLATE_SYNTAX');
    expect((err as TemplateSyntaxError).source).toEqual(source);
  });
  test('unknown filter or test names fail the render (not the load: Ansible accepts them until used)', () => {
    expect(() => render('{{ port | nosuchfilter }}')).toThrow(/no filter named 'nosuchfilter'/);
    expect(() => render('{{ port is nosuchtest }}')).toThrow(/no test named 'nosuchtest'/);
  });
});

describe('evaluate and isTrue', () => {
  test.each([
    ['port == 5060', true],
    ["'a' in ['a']", true],
    ['result.rc != 0', false],
    ['nope is defined', false],
    ['list | length', 3],
    ['{{ port > 1 }}', true],
  ])('evaluate %s', (expr, expected) => {
    expect(templar.evaluate(expr, vars)).toEqual(expected);
  });
  test.each([
    [true, true],
    [false, false],
    ['flag', true],
    ['not flag', false],
    ['empty', false],
    ['result is succeeded', true],
    ['{{ port == 5060 }}', true],
    // as in Ansible: a bare variable holding the string "false" is a non-empty string, so true;
    // the same string from a template is read as a boolean
    ['s', true],
    ['{{ s }}', false],
    ['s | bool', false],
    ['yes_str', true],
  ])('isTrue %s', (cond, expected) => {
    expect(templar.isTrue(cond, { ...vars, s: 'false', yes_str: 'yes' })).toBe(expected);
  });

  /**
   * Recorded from ansible-core 2.14: `when: v` and `when: "{{ v }}"` (ansible-playbook -i
   * localhost, -c local) with v set to each string. A bare variable is true unless empty; a
   * templated one is read again as an expression (Ansible fails on "no", "t"… as undefined names;
   * those are left out).
   */
  const ANSIBLE_BARE: [string, boolean][] = [
    ['f', true], ['n', true], ['off', true], ['no', true], ['false', true], ['0', true], ['none', true],
    ['None', true], ['', false], ['t', true], ['y', true], ['x', true], [' F ', true], ['NO', true],
  ];
  const ANSIBLE_TEMPLATED: [string, boolean][] = [['false', false], ['False', false], ['none', false], ['0', false], ['1', true], ['', false]];
  test.each(ANSIBLE_BARE)('when: v, v = %j, as Ansible', (v, expected) => {
    expect(templar.isTrue('v', { v })).toBe(expected);
  });
  test.each(ANSIBLE_TEMPLATED)('when: "{{ v }}", v = %j, as Ansible', (v, expected) => {
    expect(templar.isTrue('{{ v }}', { v })).toBe(expected);
  });
});

describe('template files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'play-templar-'));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  test('keeps the trailing newline and applies trim_blocks', () => {
    const p = file('sip.conf.j2', '[general]\n{% for x in list %}\nport={{ x }}\n{% endfor %}\n');
    expect(templar.renderFile(p, vars)).toBe('[general]\nport=1\nport=2\nport=3\n');
  });

  test('include and import resolve from the template directory and search paths', () => {
    file('part.j2', 'part {{ name }}');
    file('macros.j2', '{% macro hello(n) %}hi {{ n }}{% endmacro %}');
    const p = file('main.j2', '{% include "part.j2" %}/{% import "macros.j2" as m %}{{ m.hello("x") }}\n');
    expect(templar.renderFile(p, vars)).toBe('part pbx/hi x\n');
    const other = new Templar({ searchPaths: [dir] });
    expect(other.renderString('{% include "part.j2" %}', vars)).toBe('part pbx');
  });

  test('included templates see loop variables and sets of the includer', () => {
    file('item.j2', '[{{ x }}{{ sep }}]');
    const p = file('loop.j2', '{% set sep = ";" %}{% for x in list %}{% include "item.j2" %}{% endfor %}');
    expect(templar.renderFile(p, vars)).toBe('[1;][2;][3;]');
  });

  test('a syntax error names the file and the template line', () => {
    const p = file('bad.j2', 'line one\nline two {{ port + }}\n');
    let err: unknown;
    try {
      templar.renderFile(p, vars);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    const e = err as TemplateSyntaxError;
    expect(e.source).toMatchObject({ file: p, line: 2 });
    expect(e.message).toContain(p);
    expect(e.message).toContain('line two');
  });

  test('an undefined variable in a file names the variable, task and template line', () => {
    const p = file('undef.j2', 'a\nb\nsecret={{ sip_secret }}\n');
    expect(() => templar.renderFile(p, vars, { task: 'Write sip.conf' })).toThrow(
      new RegExp(`'sip_secret' is undefined in task 'Write sip.conf' \\(.*undef.j2 line 3\\)`),
    );
  });

  test('compiled files are cached by path and mtime', () => {
    const p = file('cached.j2', 'v1');
    expect(templar.renderFile(p, vars)).toBe('v1');
    writeFileSync(p, 'v2');
    const later = new Date(Date.now() + 5000);
    utimesSync(p, later, later);
    expect(templar.renderFile(p, vars)).toBe('v2');
  });

  test('a missing template file is a clear error', () => {
    expect(() => templar.renderFile(join(dir, 'missing.j2'), vars)).toThrow(/could not find or access template/);
  });
});

test('thousands of renders of the same strings compile each string once', () => {
  const t = new Templar();
  // counted, not timed: a busy machine makes any time bound race
  const compile = vi.spyOn(t as unknown as { compile: (...a: unknown[]) => unknown }, 'compile');
  for (let i = 0; i < 5000; i++) {
    expect(t.renderValue('{{ port + i }}', { port: 1, i })).toBe(1 + i);
    t.renderString('listen {{ name }}:{{ port }}', vars);
  }
  expect(compile).toHaveBeenCalledTimes(2);
});
