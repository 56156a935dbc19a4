import { describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { MASK, Masker } from '../secrets/mask.js';
import { Templar } from './templar.js';

const SECRET = 'Vau1tS3cretXYZ';

function setup(): { masker: Masker; render: (text: string, vars?: Record<string, unknown>) => unknown } {
  const masker = new Masker();
  masker.add(SECRET);
  const templar = new Templar({ secrets: masker });
  const vars = { token: SECRET, users: [{ name: 'alice', password: SECRET }, { name: 'bob', password: 'x' }], host: 'web1' };
  return { masker, render: (text, extra = {}) => templar.renderValue(text, { ...vars, ...extra }) };
}

describe('values derived from a secret are secrets', () => {
  it('through filters, methods, slices and their chains', () => {
    const { masker, render } = setup();
    for (const expr of ['token | upper', 'token | b64encode', "(token ~ ':1') | hash('sha1')", 'token.lower()', 'token[3:]', 'token | upper | b64encode | reverse']) {
      const value = String(render(`{{ ${expr} }}`));
      expect(value, expr).not.toContain(SECRET);
      expect(masker.maskString(`shown: ${value}`), expr).toBe(`shown: ${MASK}`);
    }
  });

  it('not what the inputs held already, nor what no secret went into', () => {
    const { masker, render } = setup();
    expect(render("{{ users | map(attribute='name') | join(',') }}")).toBe('alice,bob');
    expect(render("{{ users | map(attribute='name') | list }}")).toEqual(['alice', 'bob']);
    expect(render('{{ host | upper }} {{ token | length }}')).toBe('WEB1 14');
    expect(masker.maskString('alice WEB1 14 key value')).toBe('alice WEB1 14 key value');
    render("{{ {'k': token} | dict2items }}");
    expect(masker.maskString('key value')).toBe('key value');
  });

  it('a templar without a masker derives nothing', () => {
    const masker = new Masker();
    masker.add(SECRET);
    expect(new Templar().renderValue('{{ token | upper }}', { token: SECRET })).toBe(SECRET.toUpperCase());
    expect(masker.maskString(SECRET.toUpperCase())).toBe(SECRET.toUpperCase());
  });
});

describe('Masker.maskError', () => {
  it('masks the message and hint of an error leaving the run', () => {
    const masker = new Masker();
    masker.add(SECRET);
    const err = masker.maskError(new PlayError('X', `bad ${SECRET}`, { hint: `not ${SECRET}` })) as PlayError;
    expect(err.describe()).toBe(`bad ${MASK}\n  hint: not ${MASK}`);
  });
});
