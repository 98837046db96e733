import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/*
 * Webhooks must not make the ledger a way into the network it runs in (SSRF): every address a
 * webhook's host resolves to must be public, unless WEBHOOK_ALLOW_PRIVATE=true. Checked when the
 * webhook is registered and again on every connection (the connection uses the very addresses
 * checked, so a name that resolves to another address later — DNS rebinding — gains nothing).
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, ::ffff:a00:1) are checked by BlockList against the IPv4 rules.

/** Whether `address` (an IP literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host as `dns.lookup` and `isIP` take it (IPv6 literals without brackets). */
export function hostOf(url: string): string {
  const { hostname } = new URL(url);
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Every address `host` resolves to (an IP literal is its own address). */
export async function resolveAll(host: string): Promise<LookupAddress[]> {
  if (isIP(host) !== 0) return [{ address: host, family: isIP(host) }];
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/** Why the URL may not be called, or null: its host does not resolve, or resolves to an address that is not public. */
export async function addressProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(hostOf(url));
  } catch (error) {
    return `the host name does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (addresses.length === 0) return 'the host name does not resolve';
  if (allowPrivate) return null;
  const refused = addresses.find((entry) => !isPublicAddress(entry.address));
  return refused
    ? `resolves to ${refused.address}, a private, loopback or link-local address (allowed only with WEBHOOK_ALLOW_PRIVATE=true)`
    : null;
}

/**
 * The `lookup` of a webhook request: resolves like dns.lookup and refuses the connection when any
 * address is not public (unless allowed), then connects to the addresses it checked.
 */
export function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused || addresses.length === 0) {
        const problem = Object.assign(
          new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, not a public address; the call is refused`),
          { code: 'EADDRNOTPUBLIC' },
        );
        return callback(problem, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
