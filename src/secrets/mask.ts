/**
 * The one place secrets are masked. Every value the executor reports (results, messages, diffs,
 * errors, task names, traced commands) passes through a Masker that knows the secrets of the run:
 * vault-decrypted values, passwords from the inventory, no_log tasks' values and modules' secret
 * arguments.
 */
export const MASK = '********';

/** Shorter secrets are not masked inside text: masking "1" would shred all output. */
const MIN_IN_TEXT = 3;
/** The shortest piece of a secret cut off at an ellipsis that is masked (see maskCutFragments). */
const MIN_FRAGMENT = 4;
const ELLIPSIS = /\.\.\.|…/g;
const QUOTES = new Set(['"', "'", '`']);

export class Masker {
  private readonly secrets = new Set<string>();
  /** Secrets shorter than MIN_IN_TEXT: masked only as a whole field's value. */
  private readonly short = new Set<string>();
  private pattern: RegExp | undefined;
  /** The secrets as they are (no other spellings), to tell whether a value holds one. */
  private containsPattern: RegExp | undefined;

  add(value: unknown): void {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string' || value === '') return;
    if (value.length < MIN_IN_TEXT) {
      this.short.add(value);
      return;
    }
    if (this.secrets.has(value)) return;
    this.secrets.add(value);
    this.pattern = undefined;
    this.containsPattern = undefined;
  }

  /** Whether `text` holds a secret of three or more characters, or is a shorter one. */
  holdsSecret(text: string): boolean {
    if (this.short.has(text)) return true;
    if (this.secrets.size === 0) return false;
    this.containsPattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
    );
    return this.containsPattern.test(text);
  }

  /** Whether a secret of the run appears in `text` (a rendered file holding one is kept 0600). */
  containsSecret(text: string): boolean {
    for (const s of this.secrets) if (text.includes(s)) return true;
    return false;
  }

  get size(): number {
    return this.secrets.size + this.short.size;
  }

  maskString(text: string): string {
    if (this.secrets.size === 0) return text;
    this.pattern ??= new RegExp(
      [...new Set([...this.secrets].flatMap(spellings))]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return this.maskCutFragments(text.replace(this.pattern, MASK));
  }

  /**
   * An error about to leave the run for the CLI's error boundary, its message and hint masked
   * (a template error may quote a value); other values are returned as they are.
   */
  maskError(err: unknown): unknown {
    if (!(err instanceof Error) || this.secrets.size === 0) return err;
    err.message = this.maskString(err.message);
    const hint: unknown = (err as { hint?: unknown }).hint;
    if (typeof hint === 'string') Object.defineProperty(err, 'hint', { value: this.maskString(hint) });
    return err;
  }

  /** Deep copy with every string masked (keys included); a field that is exactly a short secret, too. */
  mask<T>(value: T): T {
    return this.maskValue(value) as T;
  }

  private maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.short.has(value) ? MASK : this.maskString(value);
    if (Buffer.isBuffer(value)) return value;
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.maskString(k)] = this.maskValue(v);
      return out;
    }
    return value;
  }

  /**
   * Messages that quote an excerpt cut a value off with an ellipsis (V8's JSON errors:
   * `"Vau1tS3cre"...`, shortened template texts, YAML's context lines): the piece of a secret
   * that ends just before an ellipsis (its start) or begins just after one (its end), a quote
   * mark in between or not, is masked too.
   */
  private maskCutFragments(text: string): string {
    const cuts: [number, number][] = [];
    for (const m of text.matchAll(ELLIPSIS)) {
      const before = QUOTES.has(text[m.index - 1] ?? '') ? m.index - 1 : m.index;
      const after = m.index + m[0].length + (QUOTES.has(text[m.index + m[0].length] ?? '') ? 1 : 0);
      for (const s of this.secrets) {
        const head = longest(s, (k) => text.endsWith(s.slice(0, k), before));
        if (head) cuts.push([before - head, before]);
        const tail = longest(s, (k) => text.startsWith(s.slice(s.length - k), after));
        if (tail) cuts.push([after, after + tail]);
      }
    }
    if (cuts.length === 0) return text;
    let out = text;
    for (const [from, to] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, from) + MASK + out.slice(to);
    return out;
  }
}

/** The longest proper piece length k (MIN_FRAGMENT ≤ k < length) for which `matches(k)` holds, or 0. */
function longest(secret: string, matches: (k: number) => boolean): number {
  for (let k = secret.length - 1; k >= MIN_FRAGMENT; k--) if (matches(k)) return k;
  return 0;
}

/**
 * How a secret can be spelled in output besides itself: shell-quoted inside a command line
 * (src/connection/command.ts's quote() and Ansible's quote filter write ' as '\'' or '"'"'),
 * and JSON-escaped inside a module's JSON output.
 */
function spellings(secret: string): string[] {
  const out = [secret];
  if (secret.includes("'")) out.push(secret.replaceAll("'", `'\\''`), secret.replaceAll("'", `'"'"'`));
  const json = JSON.stringify(secret).slice(1, -1);
  if (json !== secret) out.push(json);
  return out;
}

/** The result a no_log task shows everywhere. */
export const NO_LOG_RESULT = {
  msg: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
  censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
};
