/**
 * Host ranges as Ansible writes them in inventories: `web[1:3]`, `web[01:10]`, `db[a:c]`,
 * `node[1:9:2]`, several ranges in one name (`r[1:2]-n[a:b]`). Expansion follows
 * ansible.inventory.helpers' expand_hostname_range, except that a range whose end comes
 * before its beginning is an error here instead of silently expanding to no hosts.
 */

/** A range that cannot be expanded; the caller adds where it was written. */
export class HostRangeError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid host range '${pattern}': ${reason}`);
    this.name = 'HostRangeError';
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function hasHostRange(name: string): boolean {
  return name.includes('[');
}

/** Every host name the pattern stands for, in order; a name without brackets is returned as is. */
export function expandHostRange(pattern: string): string[] {
  if (!hasHostRange(pattern)) return [pattern];
  const open = pattern.indexOf('[');
  const close = pattern.indexOf(']', open);
  if (close < 0) throw new HostRangeError(pattern, "missing ']'");
  const head = pattern.slice(0, open);
  const body = pattern.slice(open + 1, close);
  const tail = pattern.slice(close + 1);

  const names: string[] = [];
  for (const item of expandBounds(pattern, body)) {
    const name = head + item + tail;
    if (hasHostRange(tail)) names.push(...expandHostRange(name));
    else names.push(name);
  }
  return names;
}

function expandBounds(pattern: string, body: string): string[] {
  const bounds = body.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostRangeError(pattern, 'a range is [begin:end] or [begin:end:step]');
  }
  const begin = bounds[0] || '0';
  const end = bounds[1] ?? '';
  const stepText = bounds[2] ?? '1';
  if (!end) throw new HostRangeError(pattern, 'the range has no end value');
  if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
    throw new HostRangeError(pattern, `step '${stepText}' is not a positive integer`);
  }
  const step = Number(stepText);

  if (/^[A-Za-z]$/.test(begin) && /^[A-Za-z]$/.test(end)) {
    const from = LETTERS.indexOf(begin);
    const to = LETTERS.indexOf(end);
    if (from > to) throw new HostRangeError(pattern, 'the range must have begin <= end');
    const out: string[] = [];
    for (let i = from; i <= to; i += step) out.push(LETTERS.charAt(i));
    return out;
  }

  if (!/^\d+$/.test(begin) || !/^\d+$/.test(end)) {
    throw new HostRangeError(pattern, 'bounds must be both numbers or both single letters');
  }
  // A leading zero asks for fixed-width numbers (web[01:10] → web01 … web10).
  const width = begin.length > 1 && begin.startsWith('0') ? begin.length : 0;
  if (width && width !== end.length) {
    throw new HostRangeError(pattern, 'zero-padded bounds must have the same length');
  }
  const from = Number(begin);
  const to = Number(end);
  if (from > to) throw new HostRangeError(pattern, 'the range must have begin <= end');
  const out: string[] = [];
  for (let i = from; i <= to; i += step) out.push(width ? String(i).padStart(width, '0') : String(i));
  return out;
}
