import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { domainDifferences, memoryKiB, summarizeDomain } from './domain-compare.js';
import { child, parseXml, XmlError } from './xml.js';

const wanted = readFileSync(new URL('../../../test/modules-system/data/tiny-domain.xml', import.meta.url), 'utf8');
const defined = readFileSync(new URL('../../../test/modules-system/data/tiny-domain-dumpxml.xml', import.meta.url), 'utf8');

describe('xml reader', () => {
  it('reads elements, attributes, entities, comments and CDATA', () => {
    const doc = parseXml(`<?xml version="1.0"?>\n<!-- c --><a x='1' y="&lt;2&gt;"><b>t &amp; u</b><c/><d><![CDATA[<raw>]]></d></a>`);
    expect(doc.attrs).toEqual({ x: '1', y: '<2>' });
    expect(child(doc, 'b')?.text).toBe('t & u');
    expect(child(doc, 'd')?.text).toBe('<raw>');
    expect(child(doc, 'c')?.children).toEqual([]);
  });

  it('rejects mismatched and unclosed tags', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a>')).toThrow('unclosed element <a>');
    expect(() => parseXml('<a/><b/>')).toThrow('exactly one root');
  });
});

describe('domain comparison', () => {
  it('a wanted XML equals what libvirt made of it (uuid, mac, addresses ignored)', () => {
    expect(domainDifferences(wanted, defined)).toEqual([]);
  });

  it('summarizes the recorded dumpxml', () => {
    expect(summarizeDomain(defined)).toMatchObject({
      name: 'play-sysmod-tiny',
      memoryKiB: 32768,
      vcpu: 1,
      osType: 'hvm',
      arch: 'x86_64',
      disks: [{ device: 'disk', source: '/var/lib/libvirt/images/play-sysmod-tiny.qcow2', target: 'vda', bus: 'virtio' }],
      interfaces: [{ type: 'network', source: 'default', model: 'virtio' }],
      graphics: [{ type: 'vnc', listen: '127.0.0.1' }],
    });
  });

  it('memory units', () => {
    expect(memoryKiB(parseXml("<memory unit='MiB'>300</memory>"))).toBe(307200);
    expect(memoryKiB(parseXml('<memory>307200</memory>'))).toBe(307200);
    expect(memoryKiB(parseXml("<memory unit='G'>1</memory>"))).toBe(1048576);
  });

  it('names each differing field', () => {
    const other = wanted.replace('<vcpu>1</vcpu>', '<vcpu>2</vcpu>').replace("dev='vda'", "dev='vdb'").replace("type='vnc'", "type='spice'");
    const diff = domainDifferences(other, defined);
    expect(diff).toHaveLength(3);
    expect(diff[0]).toBe('vcpu: 1 → 2');
    expect(diff[1]).toContain('on vdb (virtio)');
    expect(diff[2]).toBe('graphics: vnc on 127.0.0.1 → spice on 127.0.0.1');
  });

  it('names a console that moved to another address, and takes one that states no address as any', () => {
    expect(domainDifferences(wanted.replace("listen='127.0.0.1'", "listen='127.0.21.153'"), defined)).toEqual(['graphics: vnc on 127.0.0.1 → vnc on 127.0.21.153']);
    expect(domainDifferences(wanted.replace(" listen='127.0.0.1'", ''), defined)).toEqual([]);
  });
});

describe('redefining a domain', () => {
  it('keeps the uuid libvirt gave the domain', async () => {
    const { withExistingUuid } = await import('./virt.js');
    const wanted = "<domain type='kvm'>\n  <name>VirtualAsterisk1</name>\n  <memory unit='MiB'>300</memory>\n</domain>\n";
    const current = "<domain type='kvm'>\n  <name>VirtualAsterisk1</name>\n  <uuid>226e6a1e-1ab1-4ee3-a20d-ed3efc37b73a</uuid>\n</domain>";
    expect(withExistingUuid(wanted, current)).toContain('<name>VirtualAsterisk1</name>\n  <uuid>226e6a1e-1ab1-4ee3-a20d-ed3efc37b73a</uuid>');
    expect(withExistingUuid(wanted.replace('</name>', '</name><uuid>x</uuid>'), current)).not.toContain('226e6a1e');
  });
});
