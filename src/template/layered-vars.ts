/**
 * A task's variables without copying them: a view over the precedence layers (low → high), in
 * which a name has the value of the highest layer that holds it — key for key what merging the
 * layers in order gives. Building one costs a handful of objects however many variables there
 * are (every fact of the host, every inventory variable), where a merged copy cost a property
 * per variable, per task and host.
 *
 * Reading follows lazyVars (lazy-vars.ts): a value is templated on first read against the whole
 * view, so a task var still wins over the default another default refers to; recursion fails;
 * unsafe data is never rendered and taints the render that reads it. Enumerating the view, or
 * writing to it, turns it into lazyVars' flat object first (same keys in the same order, values
 * already read kept as read), so a consumer that lists variables sees exactly what it did.
 */
import { MARKED_KEYS } from './native-text.js';
import { OPAQUE } from './opaque.js';
import { defineRead, isInert, lazyObject, readVar, type ReadVar } from './lazy-vars.js';
import type { Templar } from './templar.js';
import type { Vars } from './types.js';
import { noteUnsafeRead } from './unsafe.js';
import { assignOwn } from '../util/own-props.js';

/** Variable views built: what the layering costs, counted for tests (lazyVarCounts counts properties). */
export const layeredVarCounts = { views: 0 };

const ABSENT = Symbol('absent');
const isOwnVariable = (layer: Vars, key: string): boolean => Object.prototype.propertyIsEnumerable.call(layer, key);

function dataDescriptor(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

/** The proxy's handler: answers single names from the layers, everything else from the flat form. */
class LayeredView implements ProxyHandler<Vars> {
  private readonly read = new Map<string, ReadVar>();
  /** Names read whose template gave marked text (MARKED_KEYS, native-text.ts). */
  readonly markedKeys = new Set<string>();
  private readonly resolving = new Set<string>();
  private flat: Vars | undefined;
  view: Vars = {};

  constructor(
    private readonly layers: readonly Vars[],
    private readonly templar: Templar,
  ) {}

  /** Assignment semantics: the last layer (in precedence order) that has the name gives its value. */
  private raw(key: string): unknown {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i] as Vars;
      if (isOwnVariable(layer, key)) return layer[key];
    }
    return ABSENT;
  }

  private value(key: string, raw: unknown): unknown {
    const r = readVar(key, raw, this.view, this.templar, this.resolving);
    this.read.set(key, r);
    if (r.marked) this.markedKeys.add(key);
    // the view went flat while this value rendered (its template listed the variables): keep it there too
    if (this.flat) defineRead(this.flat, key, r);
    if (r.unsafe) noteUnsafeRead();
    return r.value;
  }

  private materialized(): Vars {
    if (!this.flat) {
      const merged: Vars = {};
      for (const layer of this.layers) assignOwn(merged, layer);
      this.flat = lazyObject(merged, this.templar, this.resolving, this.read);
    }
    return this.flat;
  }

  get(target: Vars, key: string | symbol, receiver: unknown): unknown {
    if (this.flat) return Reflect.get(this.flat, key);
    if (typeof key !== 'string') return Reflect.get(target, key, receiver);
    const known = this.read.get(key);
    if (known) {
      if (known.unsafe) noteUnsafeRead();
      return known.value;
    }
    const raw = this.raw(key);
    if (raw === ABSENT) return Reflect.get(target, key, receiver);
    return isInert(raw) ? raw : this.value(key, raw);
  }

  has(target: Vars, key: string | symbol): boolean {
    if (this.flat) return Reflect.has(this.flat, key);
    if (typeof key === 'string' && (this.read.has(key) || this.raw(key) !== ABSENT)) return true;
    return Reflect.has(target, key);
  }

  getOwnPropertyDescriptor(target: Vars, key: string | symbol): PropertyDescriptor | undefined {
    if (this.flat) return Reflect.getOwnPropertyDescriptor(this.flat, key);
    if (typeof key !== 'string') return Reflect.getOwnPropertyDescriptor(target, key);
    const known = this.read.get(key);
    if (known && !known.unsafe) return dataDescriptor(known.value);
    const raw = known ? undefined : this.raw(key);
    if (raw === ABSENT) return undefined;
    if (!known && isInert(raw)) return dataDescriptor(raw);
    // not rendered yet (or unsafe): an accessor, as lazyVars' property is — asking does not render
    return {
      enumerable: true,
      configurable: true,
      get: (): unknown => this.get(target, key, this.view),
      set: (v: unknown): void => {
        this.set(target, key, v);
      },
    };
  }

  ownKeys(): (string | symbol)[] {
    return Reflect.ownKeys(this.materialized());
  }

  set(_target: Vars, key: string | symbol, value: unknown): boolean {
    return Reflect.set(this.materialized(), key, value);
  }

  defineProperty(_target: Vars, key: string | symbol, desc: PropertyDescriptor): boolean {
    return Reflect.defineProperty(this.materialized(), key, desc);
  }

  deleteProperty(_target: Vars, key: string | symbol): boolean {
    return Reflect.deleteProperty(this.materialized(), key);
  }
}

/**
 * The variables of `layers` (low → high precedence; later layers win, as with Object.assign),
 * lazily templated. The layers are read, never written; the caller must not change them while
 * the view is in use.
 */
export function layeredVars(layers: readonly Vars[], templar: Templar): Vars {
  layeredVarCounts.views++;
  const target: Vars = {};
  Object.defineProperty(target, OPAQUE, { value: true, enumerable: false });
  const handler = new LayeredView(layers, templar);
  Object.defineProperty(target, MARKED_KEYS, { value: handler.markedKeys, enumerable: false });
  const view = new Proxy(target, handler);
  handler.view = view;
  return view;
}
