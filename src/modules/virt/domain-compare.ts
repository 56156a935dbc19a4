/**
 * Compares a wanted libvirt domain XML with the defined one field by field: libvirt fills in
 * uuid, MAC addresses, PCI addresses, controllers and defaults, so bytes never match.
 * Only what the wanted XML states is compared.
 */
import { child, children, parseXml, textOf, type XmlElement } from './xml.js';

export interface DomainSummary {
  name?: string | undefined;
  type?: string | undefined;
  memoryKiB?: number | undefined;
  currentMemoryKiB?: number | undefined;
  vcpu?: number | undefined;
  osType?: string | undefined;
  arch?: string | undefined;
  disks: { device: string; source: string; target: string; bus: string }[];
  interfaces: { type: string; source: string; model: string }[];
  /** Each console's type and the address it listens on ('' when the XML states none). */
  graphics: { type: string; listen: string }[];
}

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1000,
  k: 1024,
  kib: 1024,
  mb: 1000 ** 2,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1000 ** 4,
  t: 1024 ** 4,
  tib: 1024 ** 4,
};

/** libvirt memory elements: a number with unit= (default KiB). */
export function memoryKiB(el: XmlElement | undefined): number | undefined {
  const text = textOf(el);
  if (el === undefined || text === undefined || text === '') return undefined;
  const factor = UNIT_BYTES[(el.attrs['unit'] ?? 'KiB').toLowerCase()];
  if (factor === undefined) throw new Error(`unknown memory unit ${el.attrs['unit'] ?? ''}`);
  return Math.round((Number(text) * factor) / 1024);
}

function intOf(el: XmlElement | undefined): number | undefined {
  const t = textOf(el);
  return t === undefined || t === '' ? undefined : Number(t);
}

export function summarizeDomain(xml: string): DomainSummary {
  const d = parseXml(xml);
  if (d.name !== 'domain') throw new Error(`expected a <domain> document, got <${d.name}>`);
  const os = child(d, 'os/type');
  return {
    name: textOf(child(d, 'name')),
    type: d.attrs['type'],
    memoryKiB: memoryKiB(child(d, 'memory')),
    currentMemoryKiB: memoryKiB(child(d, 'currentMemory')),
    vcpu: intOf(child(d, 'vcpu')),
    osType: textOf(os),
    arch: os?.attrs['arch'],
    disks: children(d, 'devices/disk').map((disk) => {
      const src = child(disk, 'source');
      return {
        device: disk.attrs['device'] ?? 'disk',
        source: src?.attrs['file'] ?? src?.attrs['dev'] ?? src?.attrs['name'] ?? src?.attrs['volume'] ?? '',
        target: child(disk, 'target')?.attrs['dev'] ?? '',
        bus: child(disk, 'target')?.attrs['bus'] ?? '',
      };
    }),
    interfaces: children(d, 'devices/interface').map((nic) => {
      const src = child(nic, 'source');
      return {
        type: nic.attrs['type'] ?? '',
        source: src?.attrs['bridge'] ?? src?.attrs['network'] ?? src?.attrs['dev'] ?? '',
        model: child(nic, 'model')?.attrs['type'] ?? '',
      };
    }),
    graphics: children(d, 'devices/graphics').map((g) => ({
      type: g.attrs['type'] ?? '',
      listen: g.attrs['listen'] ?? child(g, 'listen')?.attrs['address'] ?? '',
    })),
  };
}

/** Human lines "memory: 307200 KiB → 262144 KiB" for every stated field that differs. */
export function domainDifferences(wantedXml: string, definedXml: string): string[] {
  const want = summarizeDomain(wantedXml);
  const have = summarizeDomain(definedXml);
  const out: string[] = [];
  const scalar = (label: string, w: unknown, h: unknown, unit = '') => {
    if (w !== undefined && w !== h) out.push(`${label}: ${String(h ?? '(none)')}${unit} → ${String(w)}${unit}`);
  };
  scalar('name', want.name, have.name);
  scalar('type', want.type, have.type);
  scalar('memory', want.memoryKiB, have.memoryKiB, ' KiB');
  scalar('currentMemory', want.currentMemoryKiB, have.currentMemoryKiB, ' KiB');
  scalar('vcpu', want.vcpu, have.vcpu);
  scalar('os type', want.osType, have.osType);
  scalar('arch', want.arch, have.arch);
  // Lists compare on what the wanted entries state; an empty wanted attribute means "any".
  const sameDisk = (w: DomainSummary['disks'][number], h: DomainSummary['disks'][number]) =>
    w.target === h.target && w.source === h.source && w.device === h.device && (w.bus === '' || w.bus === h.bus);
  const sameNic = (w: DomainSummary['interfaces'][number], h: DomainSummary['interfaces'][number]) =>
    w.type === h.type && w.source === h.source && (w.model === '' || w.model === h.model);
  const describeDisk = (x: DomainSummary['disks'][number]) => `${x.device} ${x.source || '(no source)'} on ${x.target}${x.bus ? ` (${x.bus})` : ''}`;
  const describeNic = (x: DomainSummary['interfaces'][number]) => `${x.type} ${x.source}${x.model ? ` model ${x.model}` : ''}`;
  if (want.disks.length !== have.disks.length || want.disks.some((w, i) => !have.disks[i] || !sameDisk(w, have.disks[i]))) {
    out.push(`disks: ${have.disks.map(describeDisk).join(', ') || '(none)'} → ${want.disks.map(describeDisk).join(', ') || '(none)'}`);
  }
  if (want.interfaces.length !== have.interfaces.length || want.interfaces.some((w, i) => !have.interfaces[i] || !sameNic(w, have.interfaces[i]))) {
    out.push(`interfaces: ${have.interfaces.map(describeNic).join(', ') || '(none)'} → ${want.interfaces.map(describeNic).join(', ') || '(none)'}`);
  }
  const sameGraphics = (w: DomainSummary['graphics'][number], h: DomainSummary['graphics'][number]) => w.type === h.type && (w.listen === '' || w.listen === h.listen);
  const describeGraphics = (x: DomainSummary['graphics'][number]) => `${x.type}${x.listen ? ` on ${x.listen}` : ''}`;
  if (want.graphics.length !== have.graphics.length || want.graphics.some((w, i) => !have.graphics[i] || !sameGraphics(w, have.graphics[i]))) {
    out.push(`graphics: ${have.graphics.map(describeGraphics).join(', ') || '(none)'} → ${want.graphics.map(describeGraphics).join(', ') || '(none)'}`);
  }
  return out;
}
