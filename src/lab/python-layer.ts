import { chmod, copyFile, cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PlayError } from '../errors.js';
import type { LabPaths } from './hosts.js';
import { withLock } from './lock.js';
import { ensureLabRoot } from './root-dir.js';
import { run, runChecked } from './proc.js';
import { readStamp } from './base-image.js';

/**
 * The Python layer: a read-only overlay layer, between the base and a host's own upper layer,
 * that gives a lab host /usr/bin/python3. Only hosts that ask for it (LabHost.python) get it:
 * the base, and so every ordinary lab host, stays Python-free.
 *
 * The layer is the controller's own interpreter (the one Ansible runs on), its standard library
 * and the shared libraries it links beyond the C library, under /usr/lib/play-python, with a
 * /usr/bin/python3 wrapper that points the interpreter there. Nothing is downloaded: whoever can
 * run Ansible here already has it.
 */

/** Bump when the layer's layout changes. */
const RECIPE_VERSION = 1;

export const PYTHON_PREFIX = '/usr/lib/play-python';

/** Standard-library directories Ansible's modules never import (tests, GUI, installers). */
const SKIP_STDLIB = new Set(['test', 'idlelib', 'tkinter', 'turtledemo', 'ensurepip', 'lib2to3', 'pydoc_data']);
const skipped = (name: string): boolean => SKIP_STDLIB.has(name) || name.startsWith('config-');

/** Libraries every lab host has (from the C library itself): never copied. */
const SYSTEM_LIBS = /^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libutil)\b/;

export interface PythonInfo {
  /** The interpreter binary (symlinks resolved). */
  executable: string;
  /** "3.11" */
  version: string;
  /** Directory of the standard library (has os.py and lib-dynload/). */
  stdlib: string;
}

export interface PythonStamp {
  recipe: number;
  executable: string;
  version: string;
}

/** `ldd` output → the absolute paths of libraries to ship (everything but the C library's own). */
export function librariesToCopy(lddOutput: string): string[] {
  const out: string[] = [];
  for (const line of lddOutput.split('\n')) {
    const m = /^\s*(\S+)\s+=>\s+(\/\S+)/.exec(line);
    if (m?.[1] && m[2] && !SYSTEM_LIBS.test(m[1])) out.push(m[2]);
  }
  return out;
}

/** /usr/bin/python3 on the host: the shipped interpreter, with its own home and libraries. */
export function wrapperScript(version: string): string {
  return [
    '#!/bin/sh',
    '# play lab: the Python layer (for benchmarks against Ansible); the base has no Python',
    `PYTHONHOME=${PYTHON_PREFIX} LD_LIBRARY_PATH=${PYTHON_PREFIX}/so exec ${PYTHON_PREFIX}/bin/python${version} "$@"`,
    '',
  ].join('\n');
}

export function desiredPythonStamp(info: PythonInfo): PythonStamp {
  return { recipe: RECIPE_VERSION, executable: info.executable, version: info.version };
}

/** Asks the controller's python3 where it lives. */
export async function controllerPython(command = process.env['PLAY_LAB_PYTHON'] || '/usr/bin/python3'): Promise<PythonInfo> {
  const r = await run([command, '-c', 'import json, os, sys, sysconfig; print(json.dumps({"executable": os.path.realpath(sys.executable), "version": "%d.%d" % sys.version_info[:2], "stdlib": sysconfig.get_path("stdlib")}))']);
  if (r.rc !== 0)
    throw new PlayError('LAB_NO_PYTHON', `cannot run ${command} on this machine: ${r.stderr.trim() || `exit ${r.rc}`}`, {
      hint: 'the lab\'s Python layer copies the controller\'s python3 (set PLAY_LAB_PYTHON to another interpreter)',
    });
  return JSON.parse(r.stdout) as PythonInfo;
}

/** Returns the layer's directory, building it first when missing or made from another interpreter. */
export async function ensurePythonLayer(paths: LabPaths, opts: { info?: PythonInfo; onProgress?: (step: string) => void } = {}): Promise<string> {
  const info = opts.info ?? (await controllerPython());
  const want = desiredPythonStamp(info);
  await ensureLabRoot(paths.root);
  return withLock(join(paths.root, 'python.lock'), async () => {
    const have = (await readStamp(paths.pythonStamp)) as unknown;
    if (JSON.stringify(have) === JSON.stringify(want)) return paths.python;
    opts.onProgress?.(`python layer: copying ${info.executable} (${info.version})`);
    const tmp = `${paths.python}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    try {
      await buildLayer(tmp, info);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    await rm(paths.python, { recursive: true, force: true });
    await rename(tmp, paths.python);
    await writeFile(paths.pythonStamp, `${JSON.stringify(want)}\n`);
    return paths.python;
  });
}

async function buildLayer(dir: string, info: PythonInfo): Promise<void> {
  const prefix = join(dir, PYTHON_PREFIX);
  const stdlib = join(prefix, 'lib', `python${info.version}`);
  await mkdir(join(prefix, 'bin'), { recursive: true });
  await mkdir(join(prefix, 'so'), { recursive: true });
  await mkdir(join(dir, 'usr', 'bin'), { recursive: true });
  await copyFile(info.executable, join(prefix, 'bin', `python${info.version}`));
  await chmod(join(prefix, 'bin', `python${info.version}`), 0o755);
  await cp(info.stdlib, stdlib, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !(src.startsWith(`${info.stdlib}/`) && skipped(src.slice(info.stdlib.length + 1).split('/')[0] ?? '')),
  });
  const objects = [info.executable, ...(await readdir(join(info.stdlib, 'lib-dynload')).catch(() => [] as string[])).filter((f) => f.endsWith('.so')).map((f) => join(info.stdlib, 'lib-dynload', f))];
  const libs = new Set<string>();
  for (const o of objects) for (const lib of librariesToCopy((await runChecked(['ldd', o], `ldd ${o}`)).stdout)) libs.add(lib);
  for (const lib of libs) await copyFile(lib, join(prefix, 'so', basename(lib)));
  await writeFile(join(dir, 'usr', 'bin', 'python3'), wrapperScript(info.version), { mode: 0o755 });
}
