import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../executor/events.js';

/**
 * `--render DIR`: stores the content every task would write, per host, as DIR/<host>/<path>.
 * The run is offline and in check mode, so these are exactly the files a real run would produce.
 */
export class RenderWriter {
  readonly written: string[] = [];

  constructor(private readonly dir: string) {}

  handle(e: RunEvent): void {
    // the file module's diffs describe states (directory, link, mode), not contents
    if (e.type !== 'result' || !e.diff || e.action === 'file') return;
    for (const d of e.diff) {
      if (!path.isAbsolute(d.path) || d.after === '' ) continue;
      const file = path.join(this.dir, e.host, d.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, d.after);
      this.written.push(file);
    }
  }
}
