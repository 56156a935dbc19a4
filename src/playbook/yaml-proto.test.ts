import { expect, test } from 'vitest';
import { parseYaml } from './yaml.js';

test("YAML mappings (playbooks, vars files) keep a '__proto__' key as a key, and set no prototype", () => {
  const data = parseYaml('vars:\n  __proto__: {polluted: 1}\n  <<: {__proto__: {polluted: 2}}\n', 'x.yml') as { vars: Record<string, unknown> };
  expect(Object.getPrototypeOf(data.vars)).toBe(Object.prototype);
  expect(Object.keys(data.vars)).toContain('__proto__');
  expect(data.vars).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('polluted');
});
