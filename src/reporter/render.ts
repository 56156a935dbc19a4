import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../executor/events.js';
import { renderableDiffs, renderedFile } from '../executor/render-target.js';

/**
 * `--render DIR`: stores the content every task would write, per host, as DIR/<host>/<path>.
 * The run is offline and in check mode, so these are exactly the files a real run would produce.
 * Paths that would leave DIR/<host>/ already failed their task in the executor; renderedFile
 * refuses them here too, so nothing is ever written outside DIR.
 */
export class RenderWriter {
  readonly written: string[] = [];

  constructor(private readonly dir: string) {}

  handle(e: RunEvent): void {
    if (e.type !== 'result' || !e.diff) return;
    for (const d of renderableDiffs(e.action, e.diff)) {
      const file = renderedFile(this.dir, e.host, d.path, e.task);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, d.after);
      this.written.push(file);
    }
  }
}
