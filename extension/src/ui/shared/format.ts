const pad = (n: number) => String(n).padStart(2, '0');

/** A day as the portal writes it: 2026-11-22. */
export const formatDate = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** A day and time, in the reader's time zone: 2026-11-22 14:05. */
export const formatDateTime = (iso: string): string => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export const formatAge = (days: number): string => (days === 1 ? '1 day' : `${days} days`);

/** "today", "yesterday", "5 days ago". */
export const daysAgo = (days: number): string => (days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`);

/**
 * A readable name for a member the directory does not know (someone of another organisation, seen
 * through sync): `northwind-distribution:dana` reads "dana (northwind-distribution)".
 */
export const readableMemberId = (memberId: string): string => {
  // Imports from the options page made with nobody chosen are stamped with this actor.
  if (memberId === 'options-page') return 'an import';
  const at = memberId.lastIndexOf(':');
  if (at <= 0 || at === memberId.length - 1) return memberId;
  return `${memberId.slice(at + 1)} (${memberId.slice(0, at)})`;
};

/** Turns an event type like `reassignment-started` into "Reassignment started". */
export const eventLabel = (type: string): string => {
  const words = type.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
