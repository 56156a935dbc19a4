import { describe, expect, it } from 'vitest';
import { isVariableName, loadVarsKeyword } from './vars-keyword.js';

describe('the vars keyword', () => {
  it('merges a list of mappings in order', () => {
    expect(loadVarsKeyword({ vars: [{ a: 1, b: 1 }, { b: 2 }] }, { file: 'x.yml' }, 'play')).toEqual({ a: 1, b: 2 });
  });

  it('refuses names Ansible refuses', () => {
    expect(isVariableName('ok_name1')).toBe(true);
    for (const bad of ['2x', 'a-b', 'True', 'class', 'é']) expect(isVariableName(bad), bad).toBe(false);
    expect(() => loadVarsKeyword({ vars: { 'a-b': 1 } }, { file: 'x.yml' }, 'task')).toThrow(/'a-b' is not a valid variable name/);
    expect(() => loadVarsKeyword({ vars: ['x'] }, { file: 'x.yml' }, 'task')).toThrow(/a mapping, or a list of mappings/);
  });
});
