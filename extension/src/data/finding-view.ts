import { ruleById, SEVERITY_RANK, type Citation, type Finding } from '@holdfast/core';

/** Where a finding's rule comes from, as a reader follows it: the source's title and a link. */
export interface SourceLink {
  title: string;
  url: string | null;
}

export interface FindingView {
  ruleId: string;
  /** The rule's title: one short line, with no order number or customer repeated in it. */
  headline: string;
  message: string;
  suggestedAction: string;
  severity: Finding['severity'];
  overdue: boolean;
  /** The sentence the rule rests on (quoted verbatim for a seed), or null for an unknown rule. */
  quote: string | null;
  source: SourceLink | null;
}

/** The two seed documents every seed citation quotes, as Cisco publishes them. */
export const SEED_SOURCES: Record<Exclude<Citation['source'], 'cisco-article'>, SourceLink> = {
  'partner-holding-account-best-practices': {
    title: 'Partner Holding Account Best Practices',
    url: 'https://www.cisco.com/site/us/en/buy/collateral/licensing/partner-holding-smart-accounts.html',
  },
  'smart-accounts-overview': {
    title: 'Smart Licensing: Smart Accounts',
    url: 'https://www.cisco.com/site/us/en/buy/collateral/licensing/software-smart-licensing-smart-accounts.html',
  },
};

/**
 * A finding may carry its own citation (title and URL of the article it rests on); the rule's
 * seed citation is used otherwise.
 */
type FindingWithCitation = Finding & { citation?: { title?: string; url?: string; quote?: string } };

const sourceOf = (citation: Citation): { quote: string; source: SourceLink } =>
  citation.source === 'cisco-article'
    ? { quote: citation.quote, source: { title: `Cisco ${citation.article}: ${citation.title}`, url: citation.url } }
    : { quote: citation.quote, source: SEED_SOURCES[citation.source] };

export function findingView(finding: FindingWithCitation): FindingView {
  const rule = ruleById(finding.ruleId);
  const fromRule = rule ? sourceOf(rule.citation) : null;
  const own = finding.citation;
  const source: SourceLink | null = own?.title
    ? { title: own.title, url: own.url ?? null }
    : (fromRule?.source ?? null);
  return {
    ruleId: finding.ruleId,
    headline: rule?.title ?? finding.message,
    message: finding.message,
    suggestedAction: finding.suggestedAction,
    severity: finding.severity,
    overdue: finding.overdue,
    quote: own?.quote ?? fromRule?.quote ?? null,
    source,
  };
}

/** Most severe first, overdue before the rest at one severity; otherwise in the rules' order. */
export const bySeverity = <T extends Pick<Finding, 'severity' | 'overdue'>>(findings: readonly T[]): T[] =>
  [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Number(b.overdue) - Number(a.overdue),
  );

/** The one line a list row shows for an order: its first finding by severity, and how many more. */
export function headlineOf(
  findings: readonly Pick<Finding, 'ruleId' | 'severity' | 'overdue'>[],
): { text: string; severity: Finding['severity']; more: number } | null {
  const first = bySeverity(findings)[0];
  if (!first) return null;
  return { text: ruleById(first.ruleId)?.title ?? first.ruleId, severity: first.severity, more: findings.length - 1 };
}
