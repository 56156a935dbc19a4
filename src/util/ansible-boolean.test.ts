import { describe, expect, it } from 'vitest';
import { isTrueish, notABooleanMessage, parseBoolean } from './ansible-boolean.js';

/**
 * The table of ansible-core's test_convert_bool.py and the sets of convert_bool.py
 * (BOOLEANS_TRUE, BOOLEANS_FALSE), with the junk values Ansible's test rejects.
 */
const ANSIBLE_TRUE: unknown[] = [true, 1, 1.0, 'true', 'TRUE', 't', 'T', 'yes', 'Yes', 'y', 'Y', 'on', 'ON', '1', ' yes '];
const ANSIBLE_FALSE: unknown[] = [false, 0, 0.0, 'false', 'FALSE', 'f', 'F', 'no', 'NO', 'n', 'N', 'off', 'Off', '0', ' off\n'];
const ANSIBLE_JUNK: unknown[] = ['flibbity', 42, 42.0, {}, null, undefined, 2, -1, 0.1, '', 'none', '2', 'tru', [], [true]];

describe("Ansible's boolean rule", () => {
  it.each(ANSIBLE_TRUE)('%j is true', (v) => expect(parseBoolean(v)).toBe(true));
  it.each(ANSIBLE_FALSE)('%j is false', (v) => expect(parseBoolean(v)).toBe(false));
  it.each(ANSIBLE_JUNK)('%j is no boolean (strict)', (v) => expect(parseBoolean(v)).toBeUndefined());

  it('non-strict (the bool filter): only the true words are true', () => {
    expect(ANSIBLE_TRUE.every(isTrueish)).toBe(true);
    expect([...ANSIBLE_FALSE, ...ANSIBLE_JUNK].some(isTrueish)).toBe(false);
  });

  it("rejects a value in Ansible's words", () => {
    expect(notABooleanMessage('maybe')).toMatch(/^The value 'maybe' is not a valid boolean\. {2}Valid booleans include: 'y', 'yes'/);
  });
});
