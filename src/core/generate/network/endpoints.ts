/**
 * Network endpoints written in configuration text: `scheme://[user[:password]@]host[:port]/...`
 * and `host:port`. What comes out is only the scheme, host and port, plus a display form with the
 * credentials masked and the path and query dropped (query strings carry tokens as often as
 * user-info carries passwords): nothing read here can leak a secret into a plan.
 */

export interface Endpoint {
  /** Lower case, without a trailing dot or IPv6 brackets. */
  readonly host: string;
  /** The port written, else the scheme's default; unset when neither is known. */
  readonly port?: number;
  readonly scheme?: string;
  /** `postgres://shop:***@postgres:5432`, `redis:6379`: safe to show. */
  readonly display: string;
}

/** Default ports of URL schemes met in Kubernetes configuration. */
export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  amqp: 5672,
  amqps: 5671,
  ftp: 21,
  http: 80,
  https: 443,
  ldap: 389,
  ldaps: 636,
  mariadb: 3306,
  memcached: 11211,
  mongodb: 27017,
  mysql: 3306,
  nats: 4222,
  postgres: 5432,
  postgresql: 5432,
  redis: 6379,
  rediss: 6379,
  smtp: 25,
  ws: 80,
  wss: 443,
};

const LABEL = '[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?';
const HOSTNAME = `(?:${LABEL}\\.)*${LABEL}\\.?`;
const IPV6 = '\\[[0-9a-f:.]+\\]';

// User-info is greedy up to the last `@` before the host, so a password holding an `@` is
// swallowed whole instead of being mistaken for a host. A scheme starts where no scheme character
// precedes it: with a mere word boundary, every `.` and `-` of a long token would start a new scan
// and a 1 MiB ConfigMap would take minutes.
const URL_PATTERN = new RegExp(`(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*)://(?:([^\\s/?#]*)@)?(${IPV6}|${HOSTNAME})(?::(\\d{1,5}))?`, 'gi');

// A bare `host:port` must not be part of a longer token: not after `@` (the host of user-info),
// `/` (an image or path) or `:`, not followed by `@` (`user:12345@host` is user-info, not a port).
const HOST_PORT_PATTERN = new RegExp(`(?<![\\w.\\-/@:$])(${IPV6}|${HOSTNAME}):(\\d{1,5})(?![\\w.:@])`, 'gi');

const HOSTNAME_ONLY = new RegExp(`^${HOSTNAME}$`, 'i');
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpv4(host: string): boolean {
  const match = IPV4.exec(host);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}

export function isIpLiteral(host: string): boolean {
  return isIpv4(host) || host.includes(':');
}

/** Hosts a pod only ever reaches on itself (or that name no host at all). */
export function isLocalHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '0.0.0.0' ||
    host.startsWith('127.') ||
    host === '::' ||
    host === '::1'
  );
}

function normalizeHost(raw: string): string {
  return raw.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

/** `user:***`, or `***` for user-info without a colon (often a token in the user position). */
function maskUserInfo(userInfo: string): string {
  const colon = userInfo.indexOf(':');
  return colon >= 0 ? `${userInfo.slice(0, colon)}:***` : '***';
}

function plausibleHost(host: string): boolean {
  // `12:30` is a time, `1.5:2` a ratio: a host has a letter unless it is an IP address.
  return host.length > 0 && (/[a-z]/.test(host) || isIpLiteral(host)) && !isLocalHost(host);
}

function portOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function displayHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Every endpoint in `text`, in order of appearance, each once. */
export function findEndpoints(text: string): Endpoint[] {
  const found: Endpoint[] = [];
  // The text with every URL blanked out, so that its `host:port` is not found a second time.
  const outsideUrls: string[] = [];
  let copied = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const [whole, schemeRaw, userInfo, hostRaw, portText] = match;
    outsideUrls.push(text.slice(copied, match.index), ' '.repeat(whole.length));
    copied = match.index + whole.length;
    const scheme = (schemeRaw ?? '').toLowerCase();
    const host = normalizeHost(hostRaw ?? '');
    if (!plausibleHost(host)) continue;
    const written = portOf(portText);
    if (portText !== undefined && written === undefined) continue;
    const port = written ?? SCHEME_PORTS[scheme];
    const credentials = userInfo !== undefined ? `${maskUserInfo(userInfo)}@` : '';
    const display = `${scheme}://${credentials}${displayHost(host)}${portText !== undefined ? `:${written}` : ''}`;
    found.push({ host, port, scheme, display });
  }
  outsideUrls.push(text.slice(copied));
  for (const match of outsideUrls.join('').matchAll(HOST_PORT_PATTERN)) {
    const host = normalizeHost(match[1] ?? '');
    const port = portOf(match[2]);
    if (!plausibleHost(host) || port === undefined) continue;
    found.push({ host, port, display: `${displayHost(host)}:${port}` });
  }
  const seen = new Set<string>();
  return found.filter((endpoint) => {
    if (seen.has(endpoint.display)) return false;
    seen.add(endpoint.display);
    return true;
  });
}

/** A whole value that is a host name and nothing else (`postgres`, `db.shop.svc`). */
export function asBareHost(value: string): string | undefined {
  const trimmed = value.trim();
  if (!HOSTNAME_ONLY.test(trimmed)) return undefined;
  const host = normalizeHost(trimmed);
  return plausibleHost(host) && !isIpLiteral(host) ? host : undefined;
}

/** RFC 1918, link-local, carrier-grade NAT and IPv6 unique-local addresses: not the internet. */
export function isPrivateAddress(host: string): boolean {
  const match = IPV4.exec(host);
  if (match) {
    const [a, b] = [Number(match[1]), Number(match[2])];
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  return /^f[cd]/i.test(host) || /^fe80:/i.test(host);
}
