import { formatWarning } from '../../core/pss/evaluate.js';
import { describeManagedBy } from '../../core/classify/managed-by.js';
import { LATEST, parseVersion, type LevelVersion } from '../../core/model/policy.js';
import { formatInputError } from '../../core/model/workload.js';
import type { CheckReport } from './build-report.js';

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** kubectl-style lines for violating workloads, then one summary line. Errors go to stderr separately. */
/** The policy a report was evaluated against, as the warnings print it (the version as asked). */
export function reportPolicy(report: CheckReport): LevelVersion {
  return { level: report.level, version: parseVersion(report.version) ?? LATEST };
}

export function formatText(report: CheckReport): string {
  const policy = `${report.level}:${report.version}`;
  const lines: string[] = [];
  for (const row of report.results) {
    if (row.allowed) continue;
    lines.push(`${row.kind}/${row.name} (${row.file}#${row.document}): ${formatWarning(reportPolicy(report), row.violations)}`);
    if (row.managedBy) lines.push(`  ${describeManagedBy(row.managedBy)}`);
  }
  const violating = report.results.filter((row) => !row.allowed).length;
  const exempt = report.results.filter((row) => row.exempt).length;
  const versionNote = report.version === report.resolvedVersion ? '' : ` (evaluated as ${report.resolvedVersion})`;
  const parts = [
    `${count(report.results.length, 'workload')} checked against ${policy}${versionNote}`,
    `${report.results.length - violating} allowed${exempt ? ` (${exempt} exempt)` : ''}`,
    `${violating} would violate`,
  ];
  if (report.skipped.length) parts.push(`${report.skipped.length} skipped`);
  if (report.errors.length) parts.push(count(report.errors.length, 'input error'));
  lines.push(parts.join(', '));
  return `${lines.join('\n')}\n`;
}

export function formatErrors(report: CheckReport): string {
  return report.errors.map((error) => `error: ${formatInputError(error)}\n`).join('');
}

/** The documented JSON shape; fields may be added, these are fixed. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(
    {
      level: report.level,
      version: report.version,
      resolvedVersion: report.resolvedVersion,
      results: report.results.map((row) => ({
        file: row.file,
        document: row.document,
        line: row.line,
        kind: row.kind,
        namespace: row.namespace ?? null,
        name: row.name,
        allowed: row.allowed,
        ...(row.exempt ? { exempt: row.exempt } : {}),
        violations: row.violations.map(({ check, reason, detail }) => ({ check, reason, detail })),
        ...(row.managedBy ? { managedBy: row.managedBy } : {}),
      })),
      skipped: report.skipped.map(({ file, document, kind, name, why }) => ({ file, document, kind, name, why })),
      errors: report.errors.map((error) => ({
        file: error.file,
        document: error.document ?? null,
        ...(error.line ? { line: error.line } : {}),
        ...(error.field ? { field: error.field } : {}),
        message: error.message,
      })),
    },
    null,
    2,
  )}\n`;
}
