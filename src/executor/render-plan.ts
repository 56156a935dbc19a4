import { mkdir, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '../modules/types.js';
import type { Masker } from '../secrets/mask.js';
import { renderedFile } from './render-target.js';

/** Where one task's files go: DIR/<host>/…; `task` names the task in errors. */
export interface RenderTarget {
  dir: string;
  host: string;
  task: string;
}

interface RenderedFile {
  content: Buffer;
  mode: number | undefined;
}

/** Mode of a rendered file whose plan gives none: what a umask of 022 leaves. */
const DEFAULT_MODE = 0o644;
/** A rendered file that holds a secret of the run is readable by its owner only. */
const SECRET_MODE = 0o600;

/**
 * The files a plan leaves on its host, each in its final state: the content of every `put`,
 * of every file effect that carries content (validated writes send it on stdin), and the
 * files a change declares it leaves (a domain definition, a phone profile). A later change of
 * the same plan wins; a removal takes the path (and what is below it) out.
 */
export function filesLeftBy(plan: Plan): Map<string, RenderedFile> {
  const files = new Map<string, RenderedFile>();
  const remove = (p: string): void => {
    for (const k of [...files.keys()]) if (k === p || k.startsWith(p.replace(/\/+$/, '') + '/')) files.delete(k);
  };
  for (const change of plan.changes) {
    if (change.apply.kind === 'put') files.set(change.apply.path, { content: change.apply.content, mode: change.apply.mode });
    for (const e of change.effects ?? []) {
      if (e.kind !== 'file') continue;
      if (e.state.kind === 'missing') remove(e.path);
      else if (e.state.kind === 'file' && e.state.content !== undefined) files.set(e.path, { content: e.state.content, mode: e.state.mode });
      else if (e.state.kind === 'file' && files.has(e.path)) {
        const prev = files.get(e.path);
        if (prev) files.set(e.path, { ...prev, mode: e.state.mode });
      }
    }
    for (const left of change.leaves ?? []) files.set(left.path, { content: left.content, mode: left.mode });
  }
  return files;
}

/**
 * The render interpreter's output: every file the plan leaves, whole (binary, empty and large
 * files included) and unmasked, as DIR/<host>/<path>. Every path is checked before anything is
 * written, so a task whose path would leave DIR/<host>/ fails having written nothing.
 */
export async function writeRendered(plan: Plan, target: RenderTarget, masker: Masker): Promise<string[]> {
  const files = [...filesLeftBy(plan)].filter(([p]) => path.isAbsolute(p));
  const planned = files.map(([p, f]) => ({ file: renderedFile(target.dir, target.host, p, target.task), ...f }));
  for (const f of planned) {
    await mkdir(path.dirname(f.file), { recursive: true });
    const mode = masker.containsSecret(f.content.toString('utf8')) ? SECRET_MODE : (f.mode ?? DEFAULT_MODE) & 0o777;
    await writeFile(f.file, f.content, { mode });
    // writeFile's mode applies only to a new file, and through the umask
    await chmod(f.file, mode);
  }
  return planned.map((f) => f.file);
}
