import { describe, expect, it } from 'vitest';
import { boolFilter, notABooleanMessage, parseBoolean } from './ansible-boolean.js';

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

  it("rejects a value in Ansible's words", () => {
    expect(notABooleanMessage('maybe')).toMatch(/^The value 'maybe' is not a valid boolean\. {2}Valid booleans include: 'y', 'yes'/);
  });
});

/**
 * The `bool` filter as ansible-core 2.14 prints it, recorded with
 *   ansible localhost -c local -m debug -a 'msg={{ "t" | bool }}'
 * and a loop over these values (ansible-playbook -i localhost, -c local). It is narrower than
 * boolean(): "t", "y" and " yes " are false, and null stays null.
 */
const ANSIBLE_BOOL_FILTER: [unknown, boolean | null][] = [
  ['t', false], ['T', false], ['true', true], ['True', true], ['TRUE', true], ['yes', true], ['Yes', true],
  ['y', false], ['Y', false], ['on', true], ['ON', true], ['1', true], [' yes ', false], ['f', false],
  ['false', false], ['no', false], ['n', false], ['off', false], ['0', false], ['', false], ['none', false],
  ['flibbity', false], ['2', false], [1, true], [0, false], [2, false], [-1, false], [1.0, true], [0.0, false],
  [0.5, false], [true, true], [false, false], [null, null],
];

describe("Ansible's bool filter", () => {
  it.each(ANSIBLE_BOOL_FILTER)('%j | bool is %j', (v, expected) => expect(boolFilter(v)).toBe(expected));
});
