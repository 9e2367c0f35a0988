export const formatDate = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

export const formatAge = (days: number): string => (days === 1 ? '1 day' : `${days} days`);

/** Turns an event type like `reassignment-started` into "Reassignment started". */
export const eventLabel = (type: string): string => {
  const words = type.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
