import { createHash } from 'node:crypto';
import { sh, type ShellCommand } from '../connection/command.js';
import type { Become, ExecResult } from '../connection/types.js';
import { fileStat, missingUmask, type FileState } from '../facts/file.js';
import { fileStatBatchCommand, parseBatchUmask, parseFileStatBatch, type BatchRequest } from '../facts/file-batch.js';
import { factKey, isControllerFact, type Fact, type FactAccess, type FactLifetime, type OfflineGiven } from '../facts/types.js';
import { DEFAULT_UMASK, UMASK_COMMAND, parseUmask } from '../facts/umask.js';
import type { Effect, FactRead } from '../modules/types.js';

/** Runs a read on the target; `asLogin`: without the task's become (facts that need no root). */
export type Runner = (command: ShellCommand, opts?: { asLogin?: boolean }) => Promise<ExecResult>;

interface CachedFact {
  value: unknown;
  lifetime: FactLifetime;
}

/** Reads a remote file whole; a missing path exits 3 with "missing" on stderr. */
export function readFileCommand(path: string): ShellCommand {
  return sh`if [ -e ${path} ]; then cat -- ${path}; else echo missing >&2; exit 3; fi`;
}

/**
 * Who a command runs as, for what depends on it (the umask): the login user, or a become user
 * reached by a given method and flags (sudo sets its own umask, `-i` a login shell's).
 */
export function sessionKey(become: Become | undefined): string {
  return become === undefined ? 'login' : `${become.method}:${become.user}:${become.exe ?? ''}:${become.flags ?? ''}`;
}

/**
 * A host as this run has left it so far. Facts and file states read from the target are cached;
 * the effects of each change are folded in, so later tasks see earlier ones. In check mode the
 * effects are simulated (nothing was applied), which is what makes check mode exact: a file a
 * previous task would have created is "there" for the next task.
 */
export class HostWorld {
  private readonly facts = new Map<string, CachedFact>();
  private readonly files = new Map<string, FileState>();
  /** Paths known to be gone in check mode (removed directories hide everything below them). */
  private readonly removedDirs = new Set<string>();
  /**
   * Paths whose state is a check-mode prediction: the target still has the old one, so asking it
   * again (for a checksum the prediction does not know) would undo the prediction.
   */
  private readonly predicted = new Set<string>();
  /**
   * The umask per session (sessionKey). Read once per run: a task cannot change it for the
   * sessions that follow, short of editing the target's login configuration.
   */
  private readonly umasks = new Map<string, number>();
  /**
   * Facts read ahead (readAhead) that no plan has used yet. They were read before the changes
   * applied since: an applied change drops them, as a plan reading them now would see the change.
   */
  private readonly unused = new Set<string>();
  /**
   * How read-ahead facts fared: used by a plan, or dropped unused by a change applied first. A
   * run that changes much (a first converge) drops most of what it reads ahead; readAheadPays
   * then stops reading a whole window ahead on this host.
   */
  private readAheadUsed = 0;
  private readAheadDropped = 0;
  /** Facts being read ahead: a plan that needs one waits for it rather than reading it again. */
  private readonly reading = new Map<string, Promise<void>>();
  /** Counts the moments cached reads were dropped for a change applied; reads begun before do not land. */
  private generation = 0;
  /** Round trips made for facts/stat/read (performance accounting). */
  reads = 0;

  /**
   * @param offline a run without a connection (`--offline`, `--render`): nothing is read, every
   *   fact gives its declared offline answer (the gathered ones are the inventory's
   *   `play_offline_facts`) and every path starts out missing, so each file a task would write
   *   shows up with its whole content.
   */
  constructor(private readonly offline?: OfflineGiven) {}

  /**
   * The way a state known without asking the target enters the world (a recorded fixture): the
   * path is taken to be in this state, exactly as if it had just been read.
   */
  seedFile(path: string, state: FileState): void {
    this.files.set(path, state);
  }

  /** A fact's value (key: factKey) known without asking the target, as if it had just been read. */
  seedFact(key: string, value: unknown): void {
    this.facts.set(key, { value, lifetime: 'state' });
  }

  /** Whether this world is asked nothing (no connection): the plans of a fresh host. */
  get isOffline(): boolean {
    return this.offline !== undefined;
  }

  async fact<A, T>(fact: Fact<A, T>, args: A, run: Runner, access: FactAccess = {}): Promise<T> {
    const key = factKey(fact, args);
    const cached = this.facts.get(key);
    if (cached) {
      if (this.unused.delete(key)) this.readAheadUsed++;
      return cached.value as T;
    }
    const reading = this.reading.get(key);
    if (reading) {
      // read ahead and still on its way: its answer, unless it failed or came too late
      await reading;
      if (this.facts.has(key)) return this.fact(fact, args, run, access);
    }
    let value: T;
    if (this.offline) value = fact.offline(args, this.offline);
    else if (isControllerFact(fact)) {
      this.reads++;
      value = await fact.read(args, access);
    } else {
      this.reads++;
      // on its way: a read ahead of the same fact meanwhile waits for this one
      const read = run(fact.command(args), { asLogin: fact.become === false });
      const settled = read.then(
        () => undefined,
        () => undefined,
      );
      this.reading.set(key, settled);
      try {
        value = fact.parse(await read, args);
      } finally {
        if (this.reading.get(key) === settled) this.reading.delete(key);
      }
    }
    this.facts.set(key, { value, lifetime: fact.lifetime ?? 'state' });
    return value;
  }

  /**
   * Reads several shell facts side by side (at most `width` at once), ahead of the plans that
   * need them. A read that fails is left unknown: its plan reads it itself and sees the error.
   */
  async readAhead(reads: readonly FactRead[], run: Runner, width = 6): Promise<void> {
    if (this.offline) return;
    const wanted = new Map<string, FactRead>();
    for (const r of reads) {
      const key = factKey(r.fact, r.args);
      if (!isControllerFact(r.fact) && !this.facts.has(key) && !this.reading.has(key)) wanted.set(key, r);
    }
    const queue = [...wanted];
    const done = new Map<string, () => void>();
    for (const [key] of queue) this.reading.set(key, new Promise<void>((resolve) => done.set(key, resolve)));
    const generation = this.generation;
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [key, { fact, args }] = next;
        try {
          if (isControllerFact(fact)) continue;
          this.reads++;
          const value = fact.parse(await run(fact.command(args), { asLogin: fact.become === false }), args);
          // a change applied while it was read: the answer may be stale, so it is not kept
          if (generation === this.generation) {
            this.facts.set(key, { value, lifetime: fact.lifetime ?? 'state' });
            this.unused.add(key);
          }
        } catch {
          // left unknown
        } finally {
          this.reading.delete(key);
          done.get(key)?.();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
  }

  /** Whether reading facts ahead has served this host's plans more than it was wasted. */
  get readAheadPays(): boolean {
    return this.readAheadDropped <= this.readAheadUsed + 8;
  }

  /** Whether the fact would be answered without a round trip. */
  knowsFact(read: FactRead): boolean {
    return isControllerFact(read.fact) || this.facts.has(factKey(read.fact, read.args));
  }

  /** Whether stat(path) would be answered without a round trip. */
  knows(path: string, content = false): boolean {
    const known = this.knownFile(path);
    if (known === undefined) return false;
    if (known.kind !== 'file') return true;
    return content ? known.content !== undefined : known.sha1 !== undefined || known.content !== undefined;
  }

  /**
   * Reads the state (and, when asked, the content) of several paths in one round trip, ahead of
   * the tasks that need them. Paths already known are left out; a path that cannot be read is
   * left unknown, so its task reads it itself. The result is cached like any other read.
   */
  async prefetch(requests: readonly BatchRequest[], run: Runner, session?: string): Promise<number> {
    if (this.offline) return 0;
    const wanted = new Map<string, BatchRequest>();
    for (const r of requests) {
      if (this.knows(r.path, r.content)) continue;
      const prev = wanted.get(r.path);
      wanted.set(r.path, { path: r.path, content: r.content || (prev?.content ?? false) });
    }
    if (wanted.size === 0) return 0;
    const batch = fileStatBatchCommand([...wanted.values()]);
    if (batch.paths.length === 0) return 0;
    this.reads++;
    const result = await run(batch.command);
    for (const [path, state] of parseFileStatBatch(result, batch)) this.files.set(path, state);
    const umask = parseBatchUmask(result, batch);
    if (session !== undefined && umask !== undefined) this.umasks.set(session, umask);
    return batch.paths.length;
  }

  /**
   * The umask of a session (sessionKey): usually learnt already, by a read-ahead or by the stat
   * that found the path missing; else one round trip.
   */
  async umask(session: string, run: Runner): Promise<number> {
    const known = this.umasks.get(session);
    if (known !== undefined) return known;
    if (this.offline) return DEFAULT_UMASK;
    this.reads++;
    const res = await run(UMASK_COMMAND);
    const umask = res.rc === 0 ? parseUmask(res.stdout) : undefined;
    if (umask === undefined) throw new Error(`cannot read the umask: ${res.stderr.trim() || res.stdout.trim() || `exit ${res.rc}`}`);
    this.umasks.set(session, umask);
    return umask;
  }

  /** `session` (sessionKey): whose umask a read of a missing path learns along the way. */
  async stat(path: string, run: Runner, checksum = true, follow = false, session?: string): Promise<FileState> {
    const known = this.knownFile(path);
    if (known && (!checksum || known.kind !== 'file' || known.sha1 || known.content || this.predicted.has(path))) {
      // following links changes nothing for a path that is not a link
      if (!follow || known.kind !== 'link') return withSha1(known);
    }
    if (this.offline) return known ?? { kind: 'missing' };
    if (follow) return this.fact(fileStat, { path, checksum, follow }, run);
    this.reads++;
    const result = await run(fileStat.command({ path, checksum }));
    const state = fileStat.parse(result, { path, checksum });
    this.files.set(path, state);
    const umask = missingUmask(result.stdout);
    if (session !== undefined && umask !== undefined) this.umasks.set(session, umask);
    return state;
  }

  async readFile(path: string, run: Runner): Promise<Buffer | null> {
    let known = this.knownFile(path);
    if (known === undefined && !this.offline) {
      // never seen: its state and content in one round trip, both kept for the next task
      await this.prefetch([{ path, content: true }], run);
      known = this.knownFile(path);
    }
    if (known?.kind === 'missing') return null;
    if (known && known.kind === 'file' && known.content) return known.content;
    if (this.offline) return null;
    this.reads++;
    const res = await run(readFileCommand(path));
    if (res.rc === 3 && res.stderr.trim() === 'missing') {
      this.files.set(path, { kind: 'missing' });
      return null;
    }
    if (res.rc !== 0) throw new Error(`cannot read ${path}: ${res.stderr.trim() || `exit ${res.rc}`}`);
    const prev = this.files.get(path);
    if (prev && prev.kind === 'file') this.files.set(path, { ...prev, content: res.stdoutBytes });
    return res.stdoutBytes;
  }

  private knownFile(path: string): FileState | undefined {
    for (const dir of this.removedDirs) if (path.startsWith(dir + '/')) return { kind: 'missing' };
    return this.files.get(path);
  }

  /**
   * Folds a change's effects in. `simulated` (check mode): the effects become the truth for the
   * rest of the run. Applied for real: the cached entries are dropped and re-read when needed.
   */
  applyEffects(effects: readonly Effect[] | undefined, simulated: boolean): void {
    if (!simulated) this.dropUnused();
    if (!effects) {
      // a command with unknown effects: nothing cached can be trusted any more
      if (!simulated) this.invalidateAll();
      return;
    }
    // A change applied for real that is not (only) a file write may have touched any file (a
    // package install, a service writing its state): file states read earlier are dropped.
    if (!simulated && effects.some((e) => e.kind !== 'file')) this.forgetFiles();
    for (const e of effects) {
      if (e.kind === 'file') {
        if (simulated) {
          this.files.set(e.path, e.state);
          this.predicted.add(e.path);
          if (e.state.kind === 'missing') this.removedDirs.add(e.path.replace(/\/+$/, ''));
          else this.removedDirs.delete(e.path);
        } else {
          this.files.delete(e.path);
          for (const p of this.files.keys()) if (p.startsWith(e.path + '/')) this.files.delete(p);
          this.forgetFacts('files');
        }
      } else if (simulated) this.facts.set(e.key, { value: e.value, lifetime: this.facts.get(e.key)?.lifetime ?? 'state' });
      else this.facts.delete(e.key);
    }
  }

  private forgetFiles(): void {
    this.files.clear();
    this.removedDirs.clear();
    this.predicted.clear();
    this.forgetFacts('files');
  }

  /** Drops the cached facts of one lifetime, or every fact that does not live for the whole run. */
  private forgetFacts(lifetime: FactLifetime | 'all-but-run'): void {
    for (const [k, f] of this.facts) {
      if (lifetime === 'all-but-run' ? f.lifetime !== 'run' : f.lifetime === lifetime) this.facts.delete(k);
    }
  }

  /** Facts read ahead that no plan used: read before the change applied now, so stale. */
  private dropUnused(): void {
    this.generation++;
    this.readAheadDropped += this.unused.size;
    for (const key of this.unused) this.facts.delete(key);
    this.unused.clear();
  }

  invalidateAll(): void {
    this.dropUnused();
    this.forgetFacts('all-but-run');
    this.files.clear();
    this.removedDirs.clear();
    this.predicted.clear();
  }
}

function withSha1(state: FileState): FileState {
  if (state.kind === 'file' && !state.sha1 && state.content) {
    return { ...state, sha1: createHash('sha1').update(state.content).digest('hex') };
  }
  return state;
}
