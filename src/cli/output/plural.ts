// Counts in the CLI's sentences: "1 milestone", "2 milestones", "0 entries".

/** `count` followed by the noun in the form that count takes. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
