/**
 * What the NetworkPolicy plan can be told: the namespace, where the cluster resolver and the
 * ingress controller live, and the egress the user opts into for traffic kube-harden cannot see.
 */

/** Label selectors as `matchLabels` maps: the only selector form kube-harden generates. */
export type Labels = Readonly<Record<string, string>>;

/**
 * An egress the user allows for one workload, for traffic the manifests do not show (an external
 * API, a database outside the cluster, the Kubernetes API server). At least one of `cidr`,
 * `namespace`, `port` or `all` must be given.
 */
export interface EgressAllow {
  /** The workload, as `Kind/name` (`Deployment/api`). */
  readonly workload: string;
  /** Destination addresses (`203.0.113.0/24`; a bare address means that address only). */
  readonly cidr?: string;
  /** Every pod of this other namespace (a Service outside the planned namespace). */
  readonly namespace?: string;
  /** Destination port; every port when unset. */
  readonly port?: number;
  /** @default 'TCP' */
  readonly protocol?: string;
  /** Every destination on every port: the allow-all egress rule. */
  readonly all?: boolean;
}

export interface NetworkOptions {
  /** The namespace being planned: objects that set no namespace are taken to be in it. */
  readonly namespace: string;
  /**
   * Where the cluster resolver runs.
   * @default namespace `kubernetes.io/metadata.name: kube-system`, pods `k8s-app: kube-dns`
   */
  readonly dns: { readonly namespaceSelector: Labels; readonly podSelector: Labels };
  /**
   * Where the ingress controller runs; `podSelector` narrows it to the controller's pods.
   * @default namespace `kubernetes.io/metadata.name: ingress-nginx`
   */
  readonly ingressController: { readonly namespaceSelector: Labels; readonly podSelector?: Labels };
  /** @default [] */
  readonly egressAllows: readonly EgressAllow[];
}

/** Set on every namespace by the API server since Kubernetes 1.22, so always safe to select by. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const DEFAULT_DNS: NetworkOptions['dns'] = {
  namespaceSelector: { [NAMESPACE_NAME_LABEL]: 'kube-system' },
  // CoreDNS keeps the `kube-dns` label for compatibility, in kubeadm, kind, EKS, GKE and AKS alike.
  podSelector: { 'k8s-app': 'kube-dns' },
};

export const DEFAULT_INGRESS_CONTROLLER: NetworkOptions['ingressController'] = {
  namespaceSelector: { [NAMESPACE_NAME_LABEL]: 'ingress-nginx' },
};

/** Options for `namespace` with the defaults filled in. */
export function networkOptions(namespace: string, overrides: Partial<Omit<NetworkOptions, 'namespace'>> = {}): NetworkOptions {
  return {
    namespace,
    dns: overrides.dns ?? DEFAULT_DNS,
    ingressController: overrides.ingressController ?? DEFAULT_INGRESS_CONTROLLER,
    egressAllows: overrides.egressAllows ?? [],
  };
}
