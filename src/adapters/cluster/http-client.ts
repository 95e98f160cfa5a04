/**
 * Raw JSON requests to the API server with the kubeconfig's credentials and TLS settings (every
 * authentication client-node supports, exec plugins included), without client-node's typed
 * models: objects stay exactly as the server sends them, so no field the engine checks is lost.
 * Errors become ClusterErrors; 429 and 5xx are retried a bounded number of times.
 */
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { ClusterTarget } from './kubeconfig.js';
import { ClusterError, type ClusterErrorKind } from './cluster-error.js';

export interface ClusterResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  /** `Warning` headers (RFC 7234 299 warnings), the text only. */
  readonly warnings: readonly string[];
}

export interface RequestSpec {
  readonly method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** For error messages: `list deployments`, `patch namespaces`. */
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly signal?: AbortSignal;
}

export interface ClusterClient {
  readonly target: ClusterTarget;
  /** How many HTTP requests were sent (retries included). */
  readonly requests: () => number;
  send<T = unknown>(spec: RequestSpec): Promise<ClusterResponse<T>>;
}

export interface ClientOptions {
  /** @default 15000 */
  readonly timeoutMs?: number;
  /** Retries after a 429 or 5xx. @default 3 */
  readonly retries?: number;
  /** @default 200 (doubles each retry; a Retry-After header is honoured up to 5 s) */
  readonly backoffMs?: number;
}

function parseWarnings(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap((value) => {
    // `299 - "text"`; several warnings may share one header, comma-separated.
    const found = [...value.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
    return found.length > 0 ? found : [value];
  });
}

function kindForStatus(status: number): ClusterErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'invalid';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'other';
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return undefined;
}

function describeStatus(spec: RequestSpec, server: string, status: number, body: unknown): ClusterError {
  const kind = kindForStatus(status);
  const where = spec.namespace ? ` in namespace ${spec.namespace}` : '';
  const serverSays = statusMessage(body);
  const details = { server, verb: spec.verb, resource: spec.resource, namespace: spec.namespace, status, retryable: kind === 'throttled' || kind === 'server', serverMessage: serverSays };
  switch (kind) {
    case 'unauthorized':
      return new ClusterError(kind, `${server} rejected the credentials (401 Unauthorized)`, { ...details, hint: 'log in again or check the kubeconfig user' });
    case 'forbidden':
      return new ClusterError(kind, `forbidden: cannot ${spec.verb} ${spec.resource}${where} on ${server} (403)`, {
        ...details,
        hint: 'ask a cluster admin for that permission, or use export instead of a live change',
      });
    case 'not-found':
      return new ClusterError(kind, `not found: ${spec.resource}${where} on ${server} (404)${serverSays ? `: ${serverSays}` : ''}`, details);
    case 'throttled':
      return new ClusterError(kind, `${server} is throttling requests (429) to ${spec.verb} ${spec.resource}${where}; gave up after retrying`, details);
    case 'server':
      return new ClusterError(kind, `${server} failed to ${spec.verb} ${spec.resource}${where} (${status})${serverSays ? `: ${serverSays}` : ''}; gave up after retrying`, details);
    default:
      return new ClusterError(kind, `${server} refused to ${spec.verb} ${spec.resource}${where} (${status})${serverSays ? `: ${serverSays}` : ''}`, details);
  }
}

const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

export function createClusterClient(target: ClusterTarget, options: ClientOptions = {}): ClusterClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const base = new URL(target.server);
  let count = 0;

  const once = async <T>(spec: RequestSpec): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: T }> => {
    const url = new URL(base.pathname.replace(/\/$/, '') + spec.path, base);
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    const requestOptions: RequestOptions = {
      method: spec.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { Accept: 'application/json', ...(spec.body !== undefined ? { 'Content-Type': spec.contentType ?? 'application/json' } : {}) },
    };
    try {
      if (url.protocol === 'http:') {
        // Plain http (kubectl proxy): client-node refuses it without insecure-skip-tls-verify, and
        // there is no TLS to set up; only a static token, if any, is sent.
        const token = target.kubeConfig.getCurrentUser()?.token;
        if (token) (requestOptions.headers as Record<string, string>).Authorization = `Bearer ${token}`;
      } else {
        await target.kubeConfig.applyToHTTPSOptions(requestOptions as never);
      }
    } catch (error) {
      // An exec or auth-provider plugin that fails, a certificate file that cannot be read, ...
      throw new ClusterError('unauthorized', `cannot get credentials for context ${target.context}: ${String((error as Error).message).split('\n')[0]}`, {
        server: target.server,
        verb: spec.verb,
        resource: spec.resource,
        namespace: spec.namespace,
        hint: 'check the kubeconfig user (its exec plugin, token or certificate files)',
      });
    }
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    count++;
    return new Promise((resolve, reject) => {
      const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
      const req = send({ ...requestOptions, signal: spec.signal, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a proxy's HTML page): keep the text for the message.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new ClusterError('timeout', `${target.server} did not answer within ${Math.round(timeoutMs / 1000)} s (${spec.verb} ${spec.resource})`, { server: target.server, verb: spec.verb, resource: spec.resource, namespace: spec.namespace, retryable: true })));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof ClusterError || error.name === 'AbortError') reject(error);
        else {
          const code = error.code ? ` (${error.code})` : '';
          reject(new ClusterError('unreachable', `cannot reach the API server ${target.server}${code}: ${error.message}`, { server: target.server, verb: spec.verb, resource: spec.resource, namespace: spec.namespace, retryable: true, hint: 'check the kubeconfig context and your network' }));
        }
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  };

  return {
    target,
    requests: () => count,
    async send<T>(spec: RequestSpec): Promise<ClusterResponse<T>> {
      for (let attempt = 0; ; attempt++) {
        const response = await once<T>(spec);
        const retryable = response.status === 429 || response.status >= 500;
        if (response.status < 400) return { status: response.status, body: response.body, warnings: parseWarnings(response.headers.warning) };
        if (!retryable || attempt >= retries) throw describeStatus(spec, target.server, response.status, response.body);
        const header = response.headers['retry-after'];
        const retryAfter = typeof header === 'string' && header.trim() !== '' ? Number(header) : Number.NaN;
        await delay(Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(5000, retryAfter * 1000) : backoffMs * 2 ** attempt, spec.signal);
      }
    },
  };
}
