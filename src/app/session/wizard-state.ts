/**
 * The wizard as a pure reducer: one state, actions as data. Screens read this state and dispatch
 * actions; they hold only cursor, scroll and focus. Long work (scanning, exporting) runs in tasks
 * outside the reducer, which report back through actions, so the state machine is testable
 * without a terminal and without I/O.
 */
import type { AdmissionConfig } from '../../core/model/admission.js';
import type { WorkloadClass } from '../../core/model/classes.js';
import type { Level } from '../../core/model/policy.js';
import type { Plan, PlanSettings, PlanSource } from '../../core/model/plan.js';
import type { ObjectRef } from '../../core/model/workload.js';
import type { EgressAllow, Labels } from '../../core/generate/network/options.js';
import { defaultSettings } from '../../core/plan/plan-file.js';
import type { ReadInputs } from '../check/build-report.js';
import type { ClusterNamespace } from '../tasks/ports.js';
import { preparePlan, type PreparedPlan } from '../plan/prepare-plan.js';
import type { ApplyPhase } from '../../core/apply/apply-steps.js';
import type { ApplyOutcome } from '../apply/apply-plan.js';

export const STEPS = ['source', 'scan', 'classify', 'profile', 'fixes', 'network', 'preview', 'finish'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_TITLES: Readonly<Record<Step, string>> = {
  source: 'Source',
  scan: 'Scan',
  classify: 'Classify',
  profile: 'Profile',
  fixes: 'Fixes',
  network: 'Network',
  preview: 'Preview',
  finish: 'Finish',
};

/** Explicit life-cycle states instead of scattered booleans. */
export type TaskStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export type SourceChoice =
  | { readonly kind: 'demo'; readonly paths: readonly string[] }
  | { readonly kind: 'files'; readonly paths: readonly string[] }
  | { readonly kind: 'cluster'; readonly context: string; readonly namespace: string };

export interface ScanProgress {
  readonly files: number;
  readonly documents: number;
  readonly workloads: number;
}

export interface ExportState {
  readonly status: TaskStatus;
  readonly dir: string;
  /** The folder exists: the user must confirm replacing it or choose another name. */
  readonly exists?: boolean;
  readonly error?: string;
  readonly files?: number;
}

/**
 * Apply to the live cluster, one phase at a time: a dry run (permissions, the server's verdict and
 * warnings) to review, a typed confirmation, the writes with progress, then the outcome.
 */
export type ApplyStatus = 'idle' | 'dry-running' | 'reviewed' | 'confirming' | 'applying' | 'done' | 'failed';

export interface ApplyState {
  readonly status: ApplyStatus;
  readonly phase: ApplyPhase;
  /** The prepare phase was written: the next Apply runs the enforce phase. */
  readonly preparedApplied: boolean;
  readonly enforceApplied: boolean;
  /** The outcome's report: the dry run's while reviewing and confirming, the write's afterwards. */
  readonly lines: readonly string[];
  readonly progress?: { readonly done: number; readonly total: number };
  readonly backupFile?: string;
  readonly handoffFiles?: readonly string[];
  /** The last typed confirmation was not the namespace name. */
  readonly mismatch?: boolean;
}

export interface WizardState {
  readonly step: Step;
  readonly source?: SourceChoice;
  readonly scan: { readonly status: TaskStatus; readonly progress: ScanProgress; readonly error?: string };
  readonly input?: ReadInputs;
  readonly settings: PlanSettings;
  /** Derived from input + settings; recomputed by the reducer after every decision. */
  readonly prepared?: PreparedPlan;
  readonly exportState: ExportState;
  readonly applyState: ApplyState;
  /** Decisions made since the last export: quitting asks first. */
  readonly dirty: boolean;
  readonly admission?: AdmissionConfig;
  /** The namespace for objects that name none (`-n`). */
  readonly namespace?: string;
  /** The Kubernetes minor was given on the command line; a live cluster's own does not replace it. */
  readonly kubeVersionPinned?: boolean;
  /** The live cluster offered on the Source step: loaded on request, by a task. */
  readonly cluster: {
    readonly status: TaskStatus | 'requested';
    readonly context?: string;
    readonly namespaces?: readonly ClusterNamespace[];
    readonly error?: string;
  };
  /** A one-line message for the status line (errors never crash the UI). */
  readonly notice?: { readonly level: 'info' | 'error'; readonly text: string };
}

export type WizardAction =
  | { readonly type: 'source/chosen'; readonly source: SourceChoice }
  | { readonly type: 'scan/started' }
  | { readonly type: 'scan/progress'; readonly progress: ScanProgress }
  | { readonly type: 'scan/done'; readonly input: ReadInputs; readonly minor?: number }
  | { readonly type: 'cluster/requested' }
  | { readonly type: 'cluster/loaded'; readonly context: string; readonly namespaces: readonly ClusterNamespace[] }
  | { readonly type: 'cluster/failed'; readonly error: string }
  | { readonly type: 'scan/failed'; readonly error: string }
  | { readonly type: 'scan/cancelled' }
  | { readonly type: 'step/next' }
  | { readonly type: 'step/back' }
  | { readonly type: 'class/override'; readonly ref: ObjectRef; readonly workloadClass: WorkloadClass | undefined }
  | { readonly type: 'target/level'; readonly level: Level }
  | { readonly type: 'target/kubeVersion'; readonly kubeVersion: number | 'latest' }
  | { readonly type: 'change/toggle'; readonly id: string }
  | { readonly type: 'change/param'; readonly id: string; readonly name: string; readonly value: number | string }
  | { readonly type: 'policy/toggle'; readonly id: string }
  | { readonly type: 'network/dns'; readonly dns: { readonly namespaceSelector: Labels; readonly podSelector: Labels } }
  | { readonly type: 'network/ingressController'; readonly namespaceSelector: Labels }
  | { readonly type: 'egress/toggle'; readonly allow: EgressAllow }
  | { readonly type: 'export/dir'; readonly dir: string }
  | { readonly type: 'export/exists' }
  | { readonly type: 'export/started' }
  | { readonly type: 'export/done'; readonly files: number }
  | { readonly type: 'export/failed'; readonly error: string }
  | { readonly type: 'apply/requested' }
  | { readonly type: 'apply/reviewed'; readonly outcome: ApplyOutcome }
  | { readonly type: 'apply/confirming' }
  | { readonly type: 'apply/confirmed'; readonly typed: string }
  | { readonly type: 'apply/progress'; readonly done: number; readonly total: number }
  | { readonly type: 'apply/done'; readonly outcome: ApplyOutcome }
  | { readonly type: 'apply/failed'; readonly error: string }
  | { readonly type: 'apply/dismissed' }
  | { readonly type: 'notice'; readonly level: 'info' | 'error'; readonly text: string };

export interface InitialOptions {
  readonly source?: SourceChoice;
  readonly level?: Level;
  readonly kubeVersion?: number | 'latest';
  readonly admission?: AdmissionConfig;
  readonly namespace?: string;
}



function sourceOf(choice: SourceChoice | undefined): PlanSource {
  if (!choice) return { files: [] };
  return choice.kind === 'cluster' ? { context: choice.context, namespace: choice.namespace } : { files: [...choice.paths] };
}

const IDLE_APPLY: ApplyState = { status: 'idle', phase: 'prepare', preparedApplied: false, enforceApplied: false, lines: [] };

/** The namespace Apply writes to, when the source is a live cluster. */
export function applyNamespace(state: WizardState): string | undefined {
  return state.source?.kind === 'cluster' ? state.source.namespace : undefined;
}

/** Whether `a` may start a dry run now: a cluster source, a plan, nothing under way, a phase left. */
export function canApply(state: WizardState): boolean {
  const { status, enforceApplied } = state.applyState;
  return applyNamespace(state) !== undefined && currentPlan(state) !== undefined && !enforceApplied && (status === 'idle' || status === 'done' || status === 'failed');
}

function applyReducer(state: WizardState, action: Extract<WizardAction, { type: `apply/${string}` }>): WizardState {
  const apply = state.applyState;
  const next = (changes: Partial<ApplyState>): WizardState => ({ ...state, applyState: { ...apply, ...changes } });
  switch (action.type) {
    case 'apply/requested':
      if (!canApply(state)) return state;
      return next({ status: 'dry-running', phase: apply.preparedApplied ? 'enforce' : 'prepare', lines: [], progress: undefined, backupFile: undefined, handoffFiles: undefined, mismatch: undefined });
    case 'apply/reviewed':
      if (apply.status !== 'dry-running') return state;
      // Only a clean dry run can be confirmed; a refusal or a server error ends here with its report.
      return next({ status: action.outcome.exitCode === 0 ? 'reviewed' : 'failed', lines: action.outcome.lines, handoffFiles: action.outcome.handoffFiles });
    case 'apply/confirming':
      return apply.status === 'reviewed' ? next({ status: 'confirming', mismatch: undefined }) : state;
    case 'apply/confirmed':
      if (apply.status !== 'confirming') return state;
      // Only the exact namespace name writes: no trimming, no case folding.
      if (action.typed !== applyNamespace(state)) return next({ mismatch: true });
      return next({ status: 'applying', mismatch: undefined, progress: { done: 0, total: 0 } });
    case 'apply/progress':
      return apply.status === 'applying' ? next({ progress: { done: action.done, total: action.total } }) : state;
    case 'apply/done': {
      if (apply.status !== 'applying') return state;
      const applied = action.outcome.exitCode === 0;
      return next({
        status: applied ? 'done' : 'failed',
        lines: action.outcome.lines,
        backupFile: action.outcome.backupFile,
        handoffFiles: action.outcome.handoffFiles,
        preparedApplied: apply.preparedApplied || (applied && apply.phase === 'prepare'),
        enforceApplied: apply.enforceApplied || (applied && apply.phase === 'enforce'),
      });
    }
    case 'apply/failed':
      return apply.status === 'dry-running' || apply.status === 'applying' ? next({ status: 'failed', lines: [action.error] }) : state;
    case 'apply/dismissed':
      // Esc steps back from the confirmation to the review; from anything else it closes the panel.
      if (apply.status === 'confirming') return next({ status: 'reviewed', mismatch: undefined });
      return apply.status === 'reviewed' || apply.status === 'done' || apply.status === 'failed' ? next({ status: 'idle' }) : state;
  }
  return state;
}

export function initialState(options: InitialOptions = {}): WizardState {
  return {
    step: 'source',
    source: options.source,
    scan: { status: 'idle', progress: { files: 0, documents: 0, workloads: 0 } },
    settings: defaultSettings(sourceOf(options.source), options.level ?? 'restricted', options.kubeVersion ?? 37),
    exportState: { status: 'idle', dir: '' },
    applyState: IDLE_APPLY,
    cluster: { status: 'idle' },
    dirty: false,
    admission: options.admission,
    namespace: options.namespace,
    kubeVersionPinned: options.kubeVersion !== undefined,
  };
}

/** `./kube-harden-export/<namespace>`, the Finish step's default. */
export function defaultExportDir(state: WizardState): string {
  const name = state.prepared?.plan?.namespaces[0]?.name ?? state.prepared?.defaultNamespace ?? 'default';
  return `kube-harden-export/${name}`;
}

function replan(state: WizardState): WizardState {
  if (!state.input) return state;
  const prepared = preparePlan(state.input, {
    paths: 'files' in state.settings.source ? state.settings.source.files : [],
    namespace: state.namespace,
    admission: state.admission,
    planFile: { path: 'wizard', settings: state.settings },
    lenient: true,
  });
  const exportState = state.exportState.dir ? state.exportState : { ...state.exportState, dir: defaultExportDir({ ...state, prepared }) };
  return { ...state, prepared, exportState };
}

/** A decision: record it in the settings, mark unsaved, and recompute the plan. */
function decide(state: WizardState, settings: PlanSettings): WizardState {
  const stale = state.applyState.status === 'reviewed' || state.applyState.status === 'confirming';
  const applyState = stale ? { ...state.applyState, status: 'idle' as const, lines: [] } : state.applyState;
  return replan({ ...state, applyState, settings, dirty: true, notice: undefined, exportState: { ...state.exportState, status: 'idle', exists: undefined, error: undefined } });
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

function upsert<T extends { id: string }>(list: readonly T[], entry: T): T[] {
  return [...list.filter((item) => item.id !== entry.id), entry];
}

export function currentPlan(state: WizardState): Plan | undefined {
  return state.prepared?.plan;
}

/** Whether Enter may leave the current step (the scan must have finished, and so on). */
export function canAdvance(state: WizardState): boolean {
  switch (state.step) {
    case 'source':
      return state.source !== undefined;
    case 'scan':
      return state.scan.status === 'done' && currentPlan(state) !== undefined;
    case 'finish':
      return false;
    default:
      return currentPlan(state) !== undefined;
  }
}

export function reduce(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'source/chosen':
      return {
        ...state,
        source: action.source,
        settings: { ...state.settings, source: sourceOf(action.source) },
        scan: { status: 'idle', progress: { files: 0, documents: 0, workloads: 0 } },
        input: undefined,
        prepared: undefined,
        applyState: IDLE_APPLY,
      };
    case 'scan/started':
      return { ...state, step: 'scan', scan: { status: 'running', progress: { files: 0, documents: 0, workloads: 0 } }, notice: undefined };
    case 'scan/progress':
      return state.scan.status === 'running' ? { ...state, scan: { ...state.scan, progress: action.progress } } : state;
    case 'scan/done': {
      if (state.scan.status !== 'running') return state;
      // A live cluster's own minor is the default target for the version labels.
      const settings = action.minor !== undefined && !state.kubeVersionPinned ? { ...state.settings, target: { ...state.settings.target, kubeVersion: action.minor } } : state.settings;
      const scanned = replan({ ...state, settings, input: action.input, scan: { ...state.scan, status: 'done' } });
      const problems = scanned.prepared?.problems ?? [];
      if (!scanned.prepared?.plan) return { ...scanned, scan: { ...scanned.scan, status: 'failed', error: problems[0] ?? 'nothing to plan' } };
      return scanned;
    }
    case 'scan/failed':
      return { ...state, scan: { ...state.scan, status: 'failed', error: action.error } };
    case 'scan/cancelled':
      return state.scan.status === 'running' ? { ...state, step: 'source', scan: { ...state.scan, status: 'cancelled' } } : state;
    case 'step/next': {
      if (!canAdvance(state)) return state;
      const index = STEPS.indexOf(state.step);
      return { ...state, step: STEPS[index + 1] ?? state.step, notice: undefined };
    }
    case 'step/back': {
      const index = STEPS.indexOf(state.step);
      if (index <= 0) return state;
      // Going back past the scan returns to the source choice; nothing decided is lost.
      const previous = STEPS[index - 1]!;
      return { ...state, step: previous === 'scan' ? (state.scan.status === 'done' ? 'scan' : 'source') : previous, notice: undefined };
    }
    case 'class/override': {
      const rest = state.settings.workloads.filter((entry) => !sameRef(entry.ref, action.ref));
      const plan = currentPlan(state);
      const suggested = plan?.workloads.find((workload) => sameRef(workload.ref, action.ref))?.suggested.class;
      const entries = action.workloadClass && action.workloadClass !== suggested ? [...rest, { ref: action.ref, classOverride: action.workloadClass }] : rest;
      return decide(state, { ...state.settings, workloads: entries });
    }
    case 'target/level':
      return decide(state, { ...state.settings, target: { ...state.settings.target, level: action.level } });
    case 'target/kubeVersion':
      return decide({ ...state, kubeVersionPinned: true }, { ...state.settings, target: { ...state.settings.target, kubeVersion: action.kubeVersion } });
    case 'change/toggle': {
      const change = currentPlan(state)?.changes.find((candidate) => candidate.id === action.id);
      if (!change) return state;
      const previous = state.settings.changes.find((entry) => entry.id === action.id);
      return decide(state, { ...state.settings, changes: upsert(state.settings.changes, { ...previous, id: action.id, accepted: !change.accepted }) });
    }
    case 'change/param': {
      const change = currentPlan(state)?.changes.find((candidate) => candidate.id === action.id);
      const parameter = change?.params[action.name];
      if (!change || !parameter) return state;
      // Only plain decimal integers: Number() would also take '0x10', '1e3' or ''.
      const value =
        parameter.type === 'integer'
          ? typeof action.value === 'number' || /^-?[0-9]+$/.test(action.value.trim())
            ? Number(action.value)
            : Number.NaN
          : String(action.value);
      if (parameter.type === 'integer' && (!Number.isInteger(value) || (value as number) < (parameter.min ?? -Infinity) || (value as number) > (parameter.max ?? Infinity))) {
        return { ...state, notice: { level: 'error', text: `${action.name} must be an integer from ${parameter.min} to ${parameter.max}` } };
      }
      const previous = state.settings.changes.find((entry) => entry.id === action.id);
      return decide(state, {
        ...state.settings,
        changes: upsert(state.settings.changes, { id: action.id, accepted: previous?.accepted ?? change.accepted, params: { ...previous?.params, [action.name]: value } }),
      });
    }
    case 'policy/toggle': {
      const policy = currentPlan(state)?.networkPolicies.find((candidate) => candidate.id === action.id);
      if (!policy) return state;
      return decide(state, { ...state.settings, network: { ...state.settings.network, policies: upsert(state.settings.network.policies, { id: action.id, accepted: !policy.accepted }) } });
    }
    case 'network/dns':
      return decide(state, { ...state.settings, network: { ...state.settings.network, dns: action.dns } });
    case 'network/ingressController':
      const podSelector = state.settings.network.ingressController?.podSelector;
      return decide(state, {
        ...state.settings,
        network: { ...state.settings.network, ingressController: { namespaceSelector: action.namespaceSelector, ...(podSelector ? { podSelector } : {}) } },
      });
    case 'egress/toggle': {
      const key = JSON.stringify(action.allow);
      const present = state.settings.network.egressAllows.some((allow) => JSON.stringify(allow) === key);
      const egressAllows = present
        ? state.settings.network.egressAllows.filter((allow) => JSON.stringify(allow) !== key)
        : [...state.settings.network.egressAllows, action.allow];
      return decide(state, { ...state.settings, network: { ...state.settings.network, egressAllows } });
    }
    case 'export/dir':
      return { ...state, exportState: { status: 'idle', dir: action.dir } };
    case 'export/exists':
      return { ...state, exportState: { ...state.exportState, status: 'idle', exists: true } };
    case 'export/started':
      return { ...state, exportState: { ...state.exportState, status: 'running', error: undefined } };
    case 'export/done':
      return { ...state, dirty: false, exportState: { ...state.exportState, status: 'done', exists: undefined, files: action.files } };
    case 'export/failed':
      return { ...state, exportState: { ...state.exportState, status: 'failed', error: action.error } };
    case 'cluster/requested':
      return state.cluster.status === 'idle' || state.cluster.status === 'failed' ? { ...state, cluster: { status: 'requested' } } : state;
    case 'cluster/loaded':
      return { ...state, cluster: { status: 'done', context: action.context, namespaces: action.namespaces } };
    case 'cluster/failed':
      return { ...state, cluster: { status: 'failed', error: action.error } };
    case 'apply/requested':
    case 'apply/reviewed':
    case 'apply/confirming':
    case 'apply/confirmed':
    case 'apply/progress':
    case 'apply/done':
    case 'apply/failed':
    case 'apply/dismissed':
      return applyReducer(state, action);
    case 'notice':
      return { ...state, notice: { level: action.level, text: action.text } };
  }
}
