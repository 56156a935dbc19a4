import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Templar, TemplateSyntaxError } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'play-tfile-'));
let n = 0;
const file = (text: string): string => {
  const p = join(dir, `t${n++}.j2`);
  writeFileSync(p, text);
  return p;
};
const templar = new Templar();
const vars = { servers: [{ name: 'a', port: 1 }, { name: 'b', port: 2 }], title: 'Hello' };
const BLOCKS = '# h\n{% for s in servers %}\n    {% if s.port > 1 %}\n  port {{ s.port }}\n    {% endif %}\n  {# c #}\nserver {{ s.name }}\n{% endfor %}\nend\n\n';

// expected outputs are what ansible-playbook 2.14's template module writes for the same file
describe('template files with the template module settings', () => {
  test('defaults: trim_blocks (after comments too), lstrip_blocks off, trailing newlines kept', () => {
    expect(templar.renderFile(file(BLOCKS), vars)).toBe('# h\n      server a\n      port 2\n      server b\nend\n\n');
  });
  test('lstrip_blocks strips the indentation before blocks and comments', () => {
    expect(templar.renderFile(file(BLOCKS), vars, undefined, [], { lstripBlocks: true })).toBe('# h\nserver a\n  port 2\nserver b\nend\n\n');
  });
  test('trim_blocks off keeps the newline after block tags and comments', () => {
    expect(templar.renderFile(file(BLOCKS), vars, undefined, [], { trimBlocks: false, lstripBlocks: true })).toBe('# h\n\n\n\nserver a\n\n\n  port 2\n\n\nserver b\n\nend\n\n');
  });
  test('custom markers', () => {
    const p = file('<< for s in servers >>\n[[ s.name ]] {{ x }} <# c #>\n<< endfor >>\n');
    const markers = { blockStart: '<<', blockEnd: '>>', variableStart: '[[', variableEnd: ']]', commentStart: '<#', commentEnd: '#>' };
    expect(templar.renderFile(p, vars, undefined, [], markers)).toBe('a {{ x }} b {{ x }} \n');
  });
  test('newline_sequence rewrites the template text line breaks, not those of values', () => {
    const p = file('l1\r\nl2\n{% if true %}\nl3\r\n{% endif %}\n{{ m }}\n\n');
    expect(templar.renderFile(p, { m: 'x\ny' }, undefined, [], { newline: '\r\n' })).toBe('l1\r\nl2\r\nl3\r\nx\ny\r\n\r\n');
    expect(templar.renderFile(p, { m: 'x\ny' })).toBe('l1\nl2\nl3\nx\ny\n\n');
    // as Ansible: the trailing newlines are counted as "\n"s, so "\r" endings are added again
    expect(templar.renderFile(p, { m: 'x\ny' }, undefined, [], { newline: '\r' })).toBe('l1\rl2\rl3\rx\ny\r\r\r');
  });
  test('the #jinja2: line sets the options and is not part of the output', () => {
    const p = file('#jinja2: trim_blocks: False, lstrip_blocks: True\n{% for s in servers %}\n    {% if s.port > 1 %}\nport {{ s.port }}\n    {% endif %}\n{% endfor %}\ndone\n');
    expect(templar.renderFile(p, vars)).toBe('\n\n\n\nport 2\n\n\ndone\n');
    const q = file('#jinja2:variable_start_string:"[%", variable_end_string:\'%]\'\nv=[% title %] {{ title }}\n');
    expect(templar.renderFile(q, vars)).toBe('v=Hello {{ title }}\n');
  });
  test('an unknown #jinja2: setting is an error naming it', () => {
    expect(() => templar.renderFile(file('#jinja2: autoescape: True\nx\n'), vars)).toThrow(/autoescape/);
    expect(() => templar.renderFile(file('#jinja2: trim_blocks=False\nx\n'), vars)).toThrow(TemplateSyntaxError);
  });
  test('an included file is read with the same settings, its last newline dropped as Jinja2 does', () => {
    writeFileSync(join(dir, 'part.j2'), '[[ title ]]\n');
    const p = file('<< include "part.j2" >>!\n');
    expect(templar.renderFile(p, vars, undefined, [], { blockStart: '<<', blockEnd: '>>', variableStart: '[[', variableEnd: ']]' })).toBe('Hello!\n');
  });
});
