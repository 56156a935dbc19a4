import { describe, expect, it } from 'vitest';
import { expandHostRange, HostRangeError } from './range.js';

describe('expandHostRange', () => {
  it('returns a plain name unchanged', () => {
    expect(expandHostRange('web1.example.com')).toEqual(['web1.example.com']);
  });

  it('expands numeric ranges with an inclusive end', () => {
    expect(expandHostRange('web[1:3]')).toEqual(['web1', 'web2', 'web3']);
  });

  it('keeps the width of zero-padded ranges', () => {
    expect(expandHostRange('web[08:10].lab')).toEqual(['web08.lab', 'web09.lab', 'web10.lab']);
  });

  it('expands letter ranges', () => {
    expect(expandHostRange('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
  });

  it('honours a step', () => {
    expect(expandHostRange('n[1:9:2]')).toEqual(['n1', 'n3', 'n5', 'n7', 'n9']);
  });

  it('defaults an empty beginning to 0', () => {
    expect(expandHostRange('h[:2]')).toEqual(['h0', 'h1', 'h2']);
  });

  it('expands several ranges in one name', () => {
    expect(expandHostRange('r[1:2]-[a:b]')).toEqual(['r1-a', 'r1-b', 'r2-a', 'r2-b']);
  });

  it.each([
    ['web[1]', 'begin:end'],
    ['web[1:]', 'no end'],
    ['web[3:1]', 'begin <= end'],
    ['web[c:a]', 'begin <= end'],
    ['web[01:100]', 'same length'],
    ['web[1:x]', 'both numbers'],
    ['web[1:3:0]', 'step'],
    ['web[1:3', "missing ']'"],
  ])('rejects %s', (pattern, reason) => {
    expect(() => expandHostRange(pattern)).toThrow(HostRangeError);
    expect(() => expandHostRange(pattern)).toThrow(reason);
  });
});
