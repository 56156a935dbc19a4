import { describe, expect, it } from 'vitest';
import { ModuleError } from '../../errors.js';
import { compilePythonRegex, convertPythonRegex, expandPythonTemplate } from './python-regex.js';

describe('Python regular expressions', () => {
  it('converts named groups, backreferences and anchors', () => {
    expect(convertPythonRegex('(?P<k>\\w+)=(?P=k)').source).toBe('(?<k>\\w+)=\\k<k>');
    expect(convertPythonRegex('\\Afoo\\Z').source).toBe('(?<![\\s\\S])foo(?![\\s\\S])');
    expect(convertPythonRegex('\\\\A').source).toBe('\\\\A');
    expect(convertPythonRegex('(?im)^x').flags).toBe('im');
  });

  it('matches like Python', () => {
    expect(compilePythonRegex('(?i)^port').test('PORT 22')).toBe(true);
    expect(compilePythonRegex('\\Aa').test('ba')).toBe(false);
  });

  it('reports bad patterns and unsupported flags as module errors', () => {
    expect(() => compilePythonRegex('(')).toThrow(ModuleError);
    expect(() => compilePythonRegex('(?x) a')).toThrow('unsupported');
  });

  it('expands templates like match.expand', () => {
    const m = /(?<key>\w+)=(\d+)(x)?/.exec('port=22') as RegExpExecArray;
    expect(expandPythonTemplate('\\1 \\2 \\g<2> \\g<key>', m)).toBe('port 22 22 port');
    expect(expandPythonTemplate('[\\3]', m)).toBe('[]');
    expect(expandPythonTemplate('a\\tb\\nc\\\\d\\.e $1 $$', m)).toBe('a\tb\nc\\d\\.e $1 $$');
    expect(() => expandPythonTemplate('\\9', m)).toThrow('invalid group reference');
    expect(() => expandPythonTemplate('\\g<nope>', m)).toThrow('unknown group name');
  });
});
