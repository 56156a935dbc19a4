/**
 * The one place secrets are masked. Every value the executor reports (results, messages, diffs,
 * errors) passes through a Masker that knows the secrets of the run: vault-decrypted values,
 * passwords from the inventory, no_log tasks' values and modules' secret arguments.
 */
export const MASK = '********';

export class Masker {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  add(value: unknown): void {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string' || value.length < 3) return; // masking "1" would shred all output
    if (this.secrets.has(value)) return;
    this.secrets.add(value);
    this.pattern = undefined;
  }

  get size(): number {
    return this.secrets.size;
  }

  maskString(text: string): string {
    if (this.secrets.size === 0) return text;
    if (!this.pattern) {
      const escaped = [...this.secrets].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.pattern = new RegExp(escaped.join('|'), 'g');
    }
    return text.replace(this.pattern, MASK);
  }

  /** Deep copy with every string masked (keys included). */
  mask<T>(value: T): T {
    return this.maskValue(value) as T;
  }

  private maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.maskString(value);
    if (Buffer.isBuffer(value)) return value;
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.maskString(k)] = this.maskValue(v);
      return out;
    }
    return value;
  }
}

/** The result a no_log task shows everywhere. */
export const NO_LOG_RESULT = {
  msg: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
  censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
};
