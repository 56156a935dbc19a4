/**
 * Jinja2's `loop` variable inside `{% for %}` (LoopContext): the counters nunjucks has, plus
 * previtem/nextitem, depth/depth0 for recursive loops, cycle() and changed(). A fresh view per
 * iteration, so `loop.previtem` is simply absent (undefined, and so defaultable) on the first.
 */
import { JinjaError } from './errors.js';
import { isMapping, plain, pyEquals, tuple } from './python.js';

const NOTHING = Symbol('nothing');

/** Strips nunjucks' keyword-argument marker: loop.cycle()/changed() take positional values only. */
function positional(args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  return typeof last === 'object' && last !== null && Object.prototype.hasOwnProperty.call(last, '__keywords') ? args.slice(0, -1) : args;
}

export class LoopState {
  /** One value shared by every changed() call of the loop, as in Jinja2. */
  private lastChanged: unknown = NOTHING;

  constructor(
    readonly items: readonly unknown[],
    readonly depth0: number,
  ) {}

  /** The `loop` object of iteration `i`. */
  at(i: number): Record<string, unknown> {
    const items = this.items;
    const n = items.length;
    const loop: Record<string, unknown> = {
      index: i + 1,
      index0: i,
      revindex: n - i,
      revindex0: n - i - 1,
      first: i === 0,
      last: i === n - 1,
      length: n,
      depth: this.depth0 + 1,
      depth0: this.depth0,
      cycle: (...args: unknown[]): unknown => {
        const values = positional(args);
        if (values.length === 0) throw new JinjaError('no items for cycling given');
        return values[i % values.length];
      },
      changed: (...args: unknown[]): boolean => {
        const value = positional(args);
        if (this.lastChanged !== NOTHING && pyEquals(value, this.lastChanged)) return false;
        this.lastChanged = value;
        return true;
      },
    };
    if (i > 0) loop.previtem = items[i - 1];
    if (i < n - 1) loop.nextitem = items[i + 1];
    return loop;
  }
}

/**
 * The items a loop walks, as an array: what `env.play.iter` made of the value (a string's
 * characters, a dict's keys), a dict's pairs when the loop unpacks two names, any other iterable
 * read out.
 */
export function loopItems(value: unknown, names: number): unknown[] {
  const v = plain(value);
  if (Array.isArray(v)) return v;
  if (isMapping(v) && names > 1) return Object.entries(v).map(([k, x]) => tuple([k, x]));
  if (typeof v === 'object' && v !== null && Symbol.iterator in v) return Array.from(v as Iterable<unknown>);
  throw new JinjaError('the value of a for loop is not iterable');
}

/** `for a, b in items`: the item's values by position, as Python unpacks a tuple. */
export function unpack(item: unknown, names: number): unknown[] {
  const v = plain(item);
  const values = Array.isArray(v) ? v : typeof v === 'string' ? [...v] : isMapping(v) ? Object.keys(v) : undefined;
  if (!values) throw new JinjaError(`cannot unpack a non-iterable value into ${names} names`);
  if (values.length !== names) throw new JinjaError(`${values.length < names ? 'not enough' : 'too many'} values to unpack (expected ${names}, got ${values.length})`);
  return values;
}
