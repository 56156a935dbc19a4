import type { GatherOutput } from './gather-output.js';
import { sectionPairs } from './gather-output.js';
import { parseMountTable } from './mounts.js';

const mb = (kb: string | undefined): number => Math.floor(Number(kb?.split(/\s+/)[0] ?? 0) / 1024);

/** memtotal_mb, memfree_mb, swap*_mb and memory_mb, as Ansible computes them from /proc/meminfo. */
export function memoryFacts(out: GatherOutput): Record<string, unknown> {
  const m = sectionPairs(out.sections.get('meminfo'), /:\s*/);
  const total = mb(m.MemTotal);
  const free = mb(m.MemFree);
  const nocacheFree = free + mb(m.Buffers) + mb(m.Cached);
  const swapTotal = mb(m.SwapTotal);
  const swapFree = mb(m.SwapFree);
  return {
    memtotal_mb: total,
    memfree_mb: free,
    swaptotal_mb: swapTotal,
    swapfree_mb: swapFree,
    memory_mb: {
      real: { total, free, used: total - free },
      nocache: { free: nocacheFree, used: total - nocacheFree },
      swap: { total: swapTotal, free: swapFree, used: swapTotal - swapFree, cached: mb(m.SwapCached) },
    },
  };
}

/** processor, processor_count/cores/threads_per_core/vcpus/nproc: Ansible's reading of /proc/cpuinfo (x86). */
export function processorFacts(out: GatherOutput): Record<string, unknown> {
  const processor: string[] = [];
  const sockets = new Map<string, number>();
  const cores = new Map<string, number>();
  let physid = '';
  let coreid = '';
  let vendors = 0;
  let models = 0;
  let count = 0;
  let virtFlag: string | null = null;
  for (const line of out.sections.get('cpuinfo') ?? []) {
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    const val = line.slice(eq + 1).trim();
    if (key === 'virt_flag') virtFlag ??= val;
    else if (key === 'processor' || key === 'vendor_id' || key === 'model name') {
      processor.push(val);
      if (key === 'vendor_id') vendors++;
      if (key === 'model name') models++;
      count++;
    } else if (key === 'physical id') {
      physid = val;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === 'core id') {
      coreid = val;
      if (!sockets.has(coreid)) cores.set(coreid, 1);
    } else if (key === 'cpu cores') sockets.set(physid, Number(val));
    else if (key === 'siblings') cores.set(coreid, Number(val));
  }
  if (vendors > 0 && vendors === models) count = vendors;
  const processorCount = sockets.size > 0 ? sockets.size : count;
  const firstSocket = [...sockets.values()][0];
  const processorCores = firstSocket ? firstSocket : 1;
  const firstCore = [...cores.values()][0];
  const threads = Math.floor((firstCore ?? 1) / processorCores);
  const vcpus = threads * processorCount * processorCores;
  const nproc = Number(out.kv.nproc);
  return {
    processor,
    processor_count: processorCount,
    processor_cores: processorCores,
    processor_threads_per_core: threads,
    processor_vcpus: vcpus,
    processor_nproc: Number.isInteger(nproc) && nproc > 0 ? nproc : count,
    virtualization_cpu_flag: virtFlag,
  };
}

/**
 * Ansible's mounts: the mounted filesystems backed by a device or a network path (not `none`),
 * each with its statvfs sizes (block and inode counts, size_total and size_available in bytes).
 */
export function mountFacts(out: GatherOutput): Record<string, unknown>[] {
  const sizes = new Map<string, Record<string, number>>();
  for (const line of out.sections.get('statfs') ?? []) {
    const m = /^(\S+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [frsizeRaw, bsize, blocks, bavail, , files, ffree] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    // coreutils older than 8 know no %S (the fundamental block size): the block size then
    const frsize = Number.isFinite(frsizeRaw) ? frsizeRaw : bsize;
    sizes.set(m[8] as string, {
      size_total: frsize * blocks,
      size_available: frsize * bavail,
      block_size: bsize,
      block_total: blocks,
      block_available: bavail,
      block_used: blocks - bavail,
      inode_total: files,
      inode_available: ffree,
      inode_used: files - ffree,
    });
  }
  const out2: Record<string, unknown>[] = [];
  for (const e of parseMountTable((out.sections.get('mounts') ?? []).join('\n'))) {
    if ((!e.src.startsWith('/') && !e.src.includes(':/')) || e.fstype === 'none') continue;
    out2.push({ mount: e.path, device: e.src, fstype: e.fstype, options: e.opts, uuid: 'N/A', ...(sizes.get(e.path) ?? {}) });
  }
  return out2;
}
