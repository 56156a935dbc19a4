/** The gather script's output: `key=value` lines and `@@begin NAME` … `@@end NAME` blocks. */
export interface GatherOutput {
  kv: Record<string, string>;
  /** Each block's lines, by name (`local NAME` for each facts.d file). */
  sections: Map<string, string[]>;
}

export function splitGatherOutput(stdout: string): GatherOutput {
  const kv: Record<string, string> = {};
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (current) {
      if (line.startsWith('@@end ')) current = undefined;
      else current.push(line);
      continue;
    }
    if (line.startsWith('@@begin ')) {
      current = [];
      sections.set(line.slice('@@begin '.length), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) kv[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { kv, sections };
}

/** A block's `key=value` (or `key: value`) lines as a map. */
export function sectionPairs(lines: readonly string[] | undefined, sep: RegExp = /=/): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines ?? []) {
    const m = sep.exec(line);
    if (!m || m.index === 0) continue;
    out[line.slice(0, m.index).trim()] = line.slice(m.index + m[0].length).trim();
  }
  return out;
}
