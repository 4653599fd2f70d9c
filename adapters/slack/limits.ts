/** Slack's Block Kit limits, in one place. */
export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  contextText: 3000,
  blocks: 50,
  buttonValue: 2000,
  buttonText: 75,
  fallbackText: 3000,
  /** Ours, not Slack's: a long author list leaves room for the links and id on the same small-print line. */
  fieldValue: 300,
};

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Cuts mrkdwn that may hold `&amp;`-style escapes without splitting one in half. */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text
    .slice(0, max - 1)
    .replace(/&[a-z]{0,4}$/, '')
    .trimEnd()}…`;
}
