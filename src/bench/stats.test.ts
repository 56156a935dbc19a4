import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options.js';
import { alternate, formatRatio, median } from './stats.js';

describe('benchmark statistics and options', () => {
  it('medians of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('alternates the tools run by run', () => {
    expect(alternate('a', 'b', 3)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(alternate('a', undefined, 2)).toEqual(['a', 'a']);
  });

  it('ratios say how many times faster', () => {
    expect(formatRatio(10, 0.5)).toBe('20.0×');
    expect(formatRatio(NaN, 1)).toBe('n/a');
  });

  it('parses runs and scenarios, rejecting nonsense', () => {
    expect(parseBenchArgs(['--runs', '7', '--scenario', '4,2', '--scenario', '2'], 'docs/p.md')).toMatchObject({ runs: 7, scenarios: [2, 4], out: 'docs/p.md' });
    expect(parseBenchArgs([], 'x')).toMatchObject({ scenarios: [1, 2, 3, 4, 5, 6], scale: [5, 25, 50, 100, 200], ansibleDefaultUpTo: 50 });
    expect(parseBenchArgs(['--no-doc'], 'x').out).toBeUndefined();
    expect(() => parseBenchArgs(['--runs', '0'], 'x')).toThrow(/--runs/);
    expect(() => parseBenchArgs(['--scenario', '9'], 'x')).toThrow(/--scenario/);
    expect(() => parseBenchArgs(['--fast'], 'x')).toThrow(/unknown option/);
  });

  it('parses the host counts of the charts and the limit for default Ansible', () => {
    expect(parseBenchArgs(['--scale', '50,5,50,10', '--ansible-default-up-to', '0'], 'x')).toMatchObject({ scale: [5, 10, 50], ansibleDefaultUpTo: 0 });
    expect(() => parseBenchArgs(['--scale', '5,201'], 'x')).toThrow(/--scale must be a whole number from 1 to 200/);
    expect(() => parseBenchArgs(['--scale'], 'x')).toThrow(/--scale needs a value/);
    expect(() => parseBenchArgs(['--ansible-default-up-to', '-1'], 'x')).toThrow(/--ansible-default-up-to/);
  });
});
