// Merge fields in campaign texts ({{name}}). Pure and tiny, so the composer's
// live counter can use it in the browser without the phone metadata.

/** Replaces {{field}} with the recipient's values; unknown fields become empty. */
export function renderMerge(template: string, fields: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => fields[k] ?? "");
}

/** A sample value per merge field for the preview, long enough to count honestly. */
export const SAMPLE_FIELDS = { name: "Kari Nordmann" };
