import type { GatherOutput } from './gather-output.js';

/** /sys/class/net/X/type: Linux's ARPHRD numbers Ansible names. */
const ARPHRD: Record<string, string> = { '1': 'ether', '32': 'infiniband', '512': 'ppp', '772': 'loopback', '65534': 'tunnel' };
/** /proc/net/if_inet6's scope numbers as `ip` names them. */
const SCOPE6: Record<string, string> = { '00': 'global', '10': 'host', '20': 'link', '40': 'site', '05': 'site' };

type Iface = Record<string, unknown> & { device: string };
interface Ipv4 {
  address: string;
  broadcast: string;
  netmask: string;
  network: string;
  prefix: string;
}

/**
 * interfaces, ansible_<iface> (with ipv4, ipv6, macaddress, mtu, type, active, promisc),
 * default_ipv4/default_ipv6 and all_ipv4/ipv6_addresses, shaped as Ansible's Linux network facts.
 * Addresses come from `ip -o -4 addr` and /proc/net/if_inet6; default routes from /proc/net.
 */
export function networkFacts(out: GatherOutput): Record<string, unknown> {
  const ifaces = new Map<string, Iface>();
  for (const line of out.sections.get('links') ?? []) {
    const [name, mac, mtu, type, flags, oper, kind] = line.split(' ');
    if (!name) continue;
    const i: Iface = { device: name };
    if (mac && mac !== '-' && mac !== '00:00:00:00:00:00') i.macaddress = mac;
    if (mtu && mtu !== '-') i.mtu = Number(mtu);
    if (oper && oper !== '-') i.active = oper !== 'down';
    i.type = kind && kind !== '-' ? kind : (ARPHRD[type ?? ''] ?? 'unknown');
    if (flags && flags !== '-') i.promisc = (parseInt(flags, 16) & 0x100) !== 0;
    ifaces.set(name, i);
  }
  const all4: string[] = [];
  for (const line of out.sections.get('ipv4') ?? []) {
    const m = /^\d+:\s+(\S+)\s+inet\s+([\d.]+)(?:\/(\d+))?(?:\s+peer\s+\S+)?(?:\s+brd\s+([\d.]+))?(.*?)(?:\\|$)/.exec(line);
    if (!m) continue;
    const device = m[1] as string;
    const rest = (m[5] ?? '').trim().split(/\s+/);
    const label = rest.at(-1) && rest.at(-1) !== 'dynamic' && rest.at(-1) !== 'noprefixroute' ? (rest.at(-1) as string) : device;
    const v4 = ipv4(m[2] as string, m[3] ?? '32', m[4] ?? '');
    const i = ifaces.get(device) ?? { device };
    ifaces.set(device, i);
    if (rest.includes('secondary') || i.ipv4 !== undefined) ((i.ipv4_secondaries ??= []) as Ipv4[]).push(v4);
    else i.ipv4 = v4;
    // an alias label (eth0:1) is an interface of its own in Ansible's facts
    if (label !== device && label.startsWith(`${device}:`)) ifaces.set(label, { ...(ifaces.get(label) ?? { device: label }), ipv4: v4 });
    if (!v4.address.startsWith('127.')) all4.push(v4.address);
  }
  const all6: string[] = [];
  for (const line of out.sections.get('ipv6') ?? []) {
    const [hex, , plen, scope, , name] = line.trim().split(/\s+/);
    if (!hex || hex.length !== 32 || !name) continue;
    const address = ipv6Text(hex);
    const i = ifaces.get(name) ?? { device: name };
    ifaces.set(name, i);
    ((i.ipv6 ??= []) as Record<string, string>[]).push({ address, prefix: String(parseInt(plen ?? '0', 16)), scope: SCOPE6[scope ?? ''] ?? scope ?? '' });
    if (address !== '::1') all6.push(address);
  }
  const facts: Record<string, unknown> = {
    interfaces: [...ifaces.keys()].map((n) => n.replace(/:/g, '_')),
    all_ipv4_addresses: all4,
    all_ipv6_addresses: all6,
    default_ipv4: defaultIpv4(out, ifaces),
    default_ipv6: defaultIpv6(out, ifaces),
  };
  for (const [name, i] of ifaces) facts[name.replace(/[-:]/g, '_')] = i;
  return facts;
}

function ipv4(address: string, prefix: string, broadcast: string): Ipv4 {
  const bits = Number(prefix);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const addr = address.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  return { address, broadcast, netmask: dotted(mask), network: dotted((addr & mask) >>> 0), prefix };
}

const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** /proc/net's 32 hex digits as `ip` prints the address (RFC 5952: the longest zero run as ::). */
export function ipv6Text(hex: string): string {
  const groups = (hex.match(/.{4}/g) ?? []).map((g) => parseInt(g, 16).toString(16));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** The IPv4 default route with the lowest metric (as `ip route get` to a public address picks it). */
function defaultIpv4(out: GatherOutput, ifaces: Map<string, Iface>): Record<string, unknown> {
  let best: { iface: string; gw: string; metric: number } | undefined;
  for (const line of (out.sections.get('route4') ?? []).slice(1)) {
    const [iface, dest, gw, , , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || dest !== '00000000' || mask !== '00000000') continue;
    const m = Number(metric);
    if (!best || m < best.metric) best = { iface, gw: gw ?? '00000000', metric: m };
  }
  if (!best) return {};
  const i = ifaces.get(best.iface);
  const v4 = i?.ipv4 as Ipv4 | undefined;
  // /proc/net/route writes the gateway in host (little-endian) byte order
  const gateway = (best.gw.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join('.');
  const out2: Record<string, unknown> = { gateway, interface: best.iface };
  if (!v4) return out2;
  return { ...out2, ...v4, alias: best.iface, macaddress: i?.macaddress ?? 'unknown', mtu: i?.mtu, type: i?.type ?? 'unknown' };
}

function defaultIpv6(out: GatherOutput, ifaces: Map<string, Iface>): Record<string, unknown> {
  let best: { iface: string; gw: string; metric: number } | undefined;
  for (const line of out.sections.get('route6') ?? []) {
    const [dest, plen, , , gw, metric, , , , iface] = line.trim().split(/\s+/);
    if (!iface || iface === 'lo' || dest !== '0'.repeat(32) || plen !== '00') continue;
    const m = parseInt(metric ?? 'ffffffff', 16);
    if (!best || m < best.metric) best = { iface, gw: gw ?? '0'.repeat(32), metric: m };
  }
  if (!best) return {};
  const i = ifaces.get(best.iface);
  const global = ((i?.ipv6 ?? []) as Record<string, string>[]).find((a) => a.scope === 'global');
  const out2: Record<string, unknown> = { gateway: ipv6Text(best.gw), interface: best.iface };
  if (!global) return out2;
  return { ...out2, address: global.address, prefix: global.prefix, scope: global.scope, macaddress: i?.macaddress ?? 'unknown', mtu: i?.mtu, type: i?.type ?? 'unknown' };
}
