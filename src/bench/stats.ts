/** Small statistics for benchmark samples. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** A B A B …: the order of runs, so drift in machine load hits both tools alike. */
export function alternate<T>(a: T, b: T | undefined, runs: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) {
    out.push(a);
    if (b !== undefined) out.push(b);
  }
  return out;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return 'n/a';
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

export function formatRatio(slow: number, fast: number): string {
  if (!Number.isFinite(slow) || !Number.isFinite(fast) || fast <= 0) return 'n/a';
  return `${(slow / fast).toFixed(1)}×`;
}
