/** Camunda 7's date format: `2024-01-31T09:00:00.000+0000` (ISO 8601 with a numeric offset). */
export function c7Date(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return new Date(d).toISOString().replace(/Z$/, "+0000");
}
