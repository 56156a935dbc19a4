/**
 * Writing keys that come from data (YAML, template dict literals, JSON from a target) into
 * objects. `obj[key] = v` with key `__proto__` replaces the object's prototype instead of adding
 * a key, so every object built from foreign keys goes through these: the key always becomes an
 * own, enumerable data property and no prototype ever changes.
 */

export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Object.assign without its `__proto__` setter: own enumerable string keys, later sources win. */
export function assignOwn(target: Record<string, unknown>, ...sources: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  for (const source of sources) {
    if (!source) continue;
    for (const key of Object.keys(source)) setOwn(target, key, source[key]);
  }
  return target;
}
