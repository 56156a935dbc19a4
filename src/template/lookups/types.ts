import type { Vars } from '../types.js';

/** What a lookup can see of the render it runs in. */
export interface LookupHost {
  /** A variable's value, undefined when it is not defined. */
  variable(name: string): unknown;
  /** Every variable name visible to the template. */
  variableNames(): string[];
  /** Renders a template file with the current variables plus `extra` (the template lookup). */
  renderFile(path: string, extra: Vars, searchPaths: string[]): string;
}

/**
 * A lookup plugin as Ansible runs one: its terms (always a list: `lookup('x', a, b)` gives [a, b],
 * `with_x: v` gives v as a list) and keyword options in, a list of values out.
 */
export type LookupPlugin = (terms: unknown[], options: Record<string, unknown>, host: LookupHost) => unknown[];
