import { describe, expect, it } from 'vitest';
import { quote } from '../connection/command.js';
import { MASK, Masker } from './mask.js';

const masker = (...secrets: string[]): Masker => {
  const m = new Masker();
  for (const s of secrets) m.add(s);
  return m;
};

describe('Masker', () => {
  it('masks a secret in its shell-quoted and JSON-escaped spellings', () => {
    const m = masker(`it's-"Qu0ted"`);
    expect(m.maskString(`echo ${quote(`it's-"Qu0ted"`)}`)).toBe(`echo '${MASK}'`);
    expect(m.maskString(`echo 'x-it'"'"'s-"Qu0ted"'`)).toBe(`echo 'x-${MASK}'`); // Ansible's quote filter
    expect(m.maskString(JSON.stringify({ out: `it's-"Qu0ted"` }))).toBe(`{"out":"${MASK}"}`);
  });

  it('masks the piece of a secret an excerpt cut off at an ellipsis', () => {
    const m = masker('Vau1tS3cretXYZ');
    let v8 = '';
    try {
      JSON.parse('{"k": 1, "a": Vau1tS3cretXYZ, "b": 2}');
    } catch (err) {
      v8 = (err as Error).message;
    }
    expect(v8).toContain(' Vau1tS3cre"...'); // what V8 quotes (the reason for this rule)
    expect(m.maskString(v8)).toBe(`Unexpected token 'V', ...": 1, "a": ${MASK}"... is not valid JSON`);
    expect(m.maskString('value: Vau1tS3c...')).toBe(`value: ${MASK}...`);
    expect(m.maskString('…3cretXYZ" is wrong')).toBe(`…${MASK}" is wrong`);
    // pieces of fewer than four characters, and pieces away from an ellipsis, stay
    expect(m.maskString('Vau... and S3cret without a cut')).toBe('Vau... and S3cret without a cut');
  });

  it('masks secrets of one or two characters only as a whole field', () => {
    const m = masker('42', '7');
    expect(m.mask({ pin: '42', msg: 'the pin is 42', list: ['7', 'x7'], rc: 7 })).toEqual({ pin: MASK, msg: 'the pin is 42', list: [MASK, 'x7'], rc: 7 });
    expect(m.maskString('42')).toBe('42');
    expect(m.mask('42')).toBe(MASK);
  });
});
