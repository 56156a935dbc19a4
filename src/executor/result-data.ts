import { getModule } from '../modules/registry.js';
import { markUnsafe, withoutMarks } from '../template/unsafe.js';

/**
 * A task's result as variables hold it (`register`, returned facts). Module output comes from a
 * target, so it is unsafe data that is never templated — as Ansible wraps results with
 * wrap_var. set_fact's values are its rendered arguments, which carry their own marks.
 */
export function resultAsVariable(action: string, value: unknown): unknown {
  return getModule(action)?.definesVariables ? value : markUnsafe(value);
}

/** A value as reporters show it: marks removed (they only matter to templates). */
export function shownValue<T>(value: T): T {
  return withoutMarks(value) as T;
}
