/**
 * Host addresses as inventories and host patterns write them: `host`, `host:2222`,
 * `[fe80::1]:2222`, `fe80::1`, `web[1:3]`. A small counterpart of ansible.parsing.utils.addresses,
 * enough to tell a port or an IPv6 address from a ':'-separated list of patterns.
 */

export interface HostAndPort {
  host: string;
  port: number | undefined;
}

// A bracketed range inside a name, e.g. [1:3] or [a:c].
const RANGE = String.raw`\[[^\]\s]*\]`;
const LABEL_CHAR = String.raw`[A-Za-z0-9_\-]`;
/** A DNS-ish name or IPv4 address whose labels may contain [x:y] ranges. */
const HOSTNAME = new RegExp(String.raw`^(?:${LABEL_CHAR}|${RANGE})+(?:\.(?:${LABEL_CHAR}|${RANGE})+)*\.?$`);
const IPV6 = /^[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\w.]+)?$/;
const IPV6_WITH_V4 = /^[0-9A-Fa-f:]*:(?:\d{1,3}\.){3}\d{1,3}$/;

export function isIpv6(text: string): boolean {
  return text.includes(':') && (IPV6.test(text) || IPV6_WITH_V4.test(text));
}

function isHostname(text: string): boolean {
  return HOSTNAME.test(text);
}

/**
 * Splits an optional port off a host. Returns undefined when the text is not an address at all
 * (the caller then treats it as a plain name or a pattern list).
 */
export function parseAddress(text: string): HostAndPort | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed?.[1] !== undefined && isIpv6(bracketed[1])) {
    return { host: bracketed[1], port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  }
  if (isIpv6(text)) return { host: text, port: undefined };
  const withPort = new RegExp(String.raw`^((?:[^:\[\]]|${RANGE})+):(\d+)$`).exec(text);
  if (withPort?.[1] !== undefined && withPort[2] !== undefined && isHostname(withPort[1])) {
    return { host: withPort[1], port: Number(withPort[2]) };
  }
  if (isHostname(text)) return { host: text, port: undefined };
  return undefined;
}
