import { SEVERITY_RANK, type Finding } from './rule.ts';

/** One order's findings: the one to act on first, and the others that say more about it. */
export interface FindingGroup {
  headline: Finding;
  related: Finding[];
}

/**
 * Groups findings about one subject under a single headline: the most severe, and among equals
 * the first in catalogue order (evaluateRules keeps that order), since an overdue order otherwise
 * shows three or four findings saying the same thing. Findings must be about one subject.
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup | null {
  if (findings.length === 0) return null;
  const ranked = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index);
  const [head, ...rest] = ranked;
  return { headline: head!.finding, related: rest.map((r) => r.finding) };
}
