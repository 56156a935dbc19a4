/**
 * The `vars:` keyword of a play, block or task, read as Ansible's Base._load_vars reads it: a
 * mapping, or a list of mappings merged in order; every name must be a Python identifier that is
 * not a Python keyword (Ansible refuses the playbook otherwise).
 */
import { ParseError, type SourcePos } from '../errors.js';
import { keyPosOf } from './yaml.js';

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

export function isVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

export function loadVarsKeyword(raw: Record<string, unknown>, pos: SourcePos, owner: string): Record<string, unknown> {
  const v = raw.vars;
  const source = keyPosOf(raw, 'vars') ?? pos;
  if (v === null || v === undefined) return {};
  const parts = Array.isArray(v) ? v : [v];
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    if (part === null || typeof part !== 'object' || Array.isArray(part)) {
      throw new ParseError('BAD_VARS', `vars in a ${owner} must be a mapping, or a list of mappings`, { source, hint: 'write vars as "name: value" lines' });
    }
    for (const [name, value] of Object.entries(part as Record<string, unknown>)) {
      if (!isVariableName(name)) {
        throw new ParseError('BAD_VARS', `'${name}' is not a valid variable name in the vars of a ${owner}`, { source, hint: 'a variable name is letters, digits and _, not starting with a digit, and not a Python keyword' });
      }
      out[name] = value;
    }
  }
  return out;
}
