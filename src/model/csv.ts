/**
 * CSV cells, shared by the dashboard's summary export and the CLI's time-series file.
 * Values are quoted only when they must be (a comma, a quote or a line break).
 */

/** A cell: empty for null (or NaN), quoted when needed. */
export function csvCell(v: string | number | null): string {
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text cell made inert for spreadsheets: ids and names come from design files and share
 * links other people send, and a cell starting with = + - @ (or a tab or carriage return)
 * is read as a formula (`=HYPERLINK(...)`, `+cmd|...`). A leading `'` keeps it text (OWASP's
 * advice). Numbers are never passed here: a negative value must stay a number.
 */
export function csvText(s: string): string {
  return csvCell(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}
