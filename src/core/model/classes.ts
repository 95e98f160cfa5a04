/** Workload classes: they drive the recommended level and the network posture. */
export const WORKLOAD_CLASSES = ['node-agent', 'data-store', 'public-facing', 'batch', 'internal-service', 'other'] as const;
export type WorkloadClass = (typeof WORKLOAD_CLASSES)[number];

export function isWorkloadClass(value: unknown): value is WorkloadClass {
  return typeof value === 'string' && (WORKLOAD_CLASSES as readonly string[]).includes(value);
}

export const CLASS_LABELS: Readonly<Record<WorkloadClass, string>> = {
  'node-agent': 'node agent',
  'data-store': 'data store',
  'public-facing': 'public-facing',
  batch: 'batch',
  'internal-service': 'internal service',
  other: 'other',
};

export interface Classification {
  readonly class: WorkloadClass;
  /** The signals that led to the class, in plain words (`DaemonSet`, `selected by LoadBalancer Service web`). */
  readonly reasons: readonly string[];
}
