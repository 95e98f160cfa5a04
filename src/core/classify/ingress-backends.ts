/**
 * The Services an Ingress sends traffic to. Read leniently from both shapes Kubernetes has used:
 * - `networking.k8s.io/v1`: `spec.defaultBackend.service.name` and
 *   `spec.rules[].http.paths[].backend.service.name`;
 * - `extensions/v1beta1` and `networking.k8s.io/v1beta1` (removed in 1.22, still found in old
 *   charts and dumps): `spec.backend.serviceName` and `spec.rules[].http.paths[].backend.serviceName`.
 * A backend is always a Service in the Ingress's own namespace; `resource` backends name no Service.
 */
import type { KubeObject } from '../model/kube.js';
import { isObject } from '../model/json.js';

export interface IngressInfo {
  readonly name: string;
  readonly namespace?: string;
  /** The backend Services, each once, default backend first, then in rule order. */
  readonly serviceNames: readonly string[];
  readonly object: KubeObject;
}

function backendServiceName(backend: unknown): string | undefined {
  if (!isObject(backend)) return undefined;
  if (isObject(backend.service) && typeof backend.service.name === 'string' && backend.service.name) return backend.service.name;
  if (typeof backend.serviceName === 'string' && backend.serviceName) return backend.serviceName;
  return undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads an Ingress object; fields of the wrong type are ignored, never thrown on. */
export function readIngress(object: KubeObject): IngressInfo | undefined {
  if (object.kind !== 'Ingress' || !isObject(object.metadata) || typeof object.metadata.name !== 'string') return undefined;
  const spec = isObject(object.spec) ? object.spec : {};
  const backends: unknown[] = [spec.defaultBackend, spec.backend];
  for (const rule of arrayOf(spec.rules)) {
    if (!isObject(rule) || !isObject(rule.http)) continue;
    for (const path of arrayOf(rule.http.paths)) {
      if (isObject(path)) backends.push(path.backend);
    }
  }
  const serviceNames = [...new Set(backends.map(backendServiceName).filter((name): name is string => name !== undefined))];
  return {
    name: object.metadata.name,
    namespace: typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined,
    serviceNames,
    object,
  };
}
