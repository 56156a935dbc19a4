/**
 * Ansible's one boolean rule (module_utils/parsing/convert_bool.py `boolean()`), used wherever a
 * keyword (no_log, become, check_mode…) or a module argument is read as a boolean, whether it
 * was written literally or produced by a template ("{{ 't' }}").
 *
 * The `bool` filter is not this rule either: ansible-core 2.14's filter (plugins/filter/core.py
 * `to_bool`) is narrower, and is `boolFilter` below, next to it, so the two are read side by side.
 *
 * This is not the YAML rule: which bare words a YAML file turns into booleans (`yes`, `off`, but
 * not `y`) is PyYAML's YAML 1.1 resolver, in util/yaml-booleans.ts. A word YAML leaves as a
 * string ("t", "y") still reaches this rule as a string, and is a boolean here, as in Ansible.
 */

/** Strings compare case-insensitively after trimming, as Ansible's `.lower().strip()`. */
const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** What Ansible's error lists as valid booleans, in its own words. */
export const VALID_BOOLEANS = "'y', 'yes', 'on', '1', 'true', 't', 1, 1.0, True, 'n', 'no', 'off', '0', 'false', 'f', 0, 0.0, False";

/** The boolean `value` means, or undefined when Ansible's strict `boolean()` would reject it. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  // 1 and 1.0 are the same number in JavaScript, as they compare equal in Python's frozenset
  if (value === 1) return true;
  if (value === 0) return false;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** Ansible's error text for a value that is not a boolean. */
export function notABooleanMessage(value: unknown): string {
  return `The value '${typeof value === 'string' ? value : JSON.stringify(value)}' is not a valid boolean.  Valid booleans include: ${VALID_BOOLEANS}`;
}

/** The words ansible-core 2.14's `bool` filter takes for true (lower-cased, not trimmed). */
const FILTER_TRUE_WORDS = new Set(['yes', 'on', '1', 'true']);

/**
 * ansible-core 2.14's `bool` filter (`to_bool`): null and booleans pass through; a string is
 * true when its lower-cased text is yes, on, 1 or true; the number 1 is true; anything else is
 * false. Narrower than boolean(): "t", "y" and " yes " are false here, as Ansible prints them
 * (`ansible localhost -c local -m debug -a 'msg={{ "t" | bool }}'` says false).
 */
export function boolFilter(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return FILTER_TRUE_WORDS.has(value.toLowerCase());
  return value === 1;
}
