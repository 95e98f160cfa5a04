/**
 * The Pod Security Standards vocabulary: levels, policy versions, namespace label keys, and their
 * parsing. Mirrors `k8s.io/pod-security-admission/api` and depends on nothing else in the project.
 */

export const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

/** Strictness order: privileged < baseline < restricted. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isStricter(a: Level, b: Level): boolean {
  return levelRank(a) > levelRank(b);
}


export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/**
 * A policy version: `latest`, or a Kubernetes minor `v1.N`. Kubernetes only ever had major 1,
 * and its parser rejects anything else (`v2.0`, `1.30`, `v1.030`, `v1.30.1`).
 */
export type PolicyVersion = { readonly latest: true } | { readonly latest: false; readonly minor: number };

export const LATEST: PolicyVersion = Object.freeze({ latest: true });

export function versionOf(minor: number): PolicyVersion {
  return { latest: false, minor };
}

const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

export function parseVersion(text: string): PolicyVersion | undefined {
  if (text === 'latest') return LATEST;
  const match = VERSION_PATTERN.exec(text);
  if (!match) return undefined;
  const minor = Number(match[1]);
  // Upstream parses with strconv.Atoi; absurdly long numbers overflow and are rejected there too.
  if (!Number.isSafeInteger(minor)) return undefined;
  return versionOf(minor);
}

export function formatVersion(version: PolicyVersion): string {
  return version.latest ? 'latest' : `v1.${version.minor}`;
}

export function parseLevel(text: string): Level | undefined {
  return isLevel(text) ? text : undefined;
}

/** A level at a version, as written in messages: `restricted:latest`, `baseline:v1.30` (never clamped). */
export interface LevelVersion {
  readonly level: Level;
  readonly version: PolicyVersion;
}

export function formatLevelVersion({ level, version }: LevelVersion): string {
  return `${level}:${formatVersion(version)}`;
}

export const MODES = ['enforce', 'audit', 'warn'] as const;
export type Mode = (typeof MODES)[number];

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

export function levelLabel(mode: Mode): string {
  return `${LABEL_PREFIX}${mode}`;
}

export function versionLabel(mode: Mode): string {
  return `${LABEL_PREFIX}${mode}-version`;
}

export const LEVEL_ERROR = 'must be one of privileged, baseline, restricted';
export const VERSION_ERROR = 'must be "latest" or "v1.x"';
