// Aligned plain-text tables for the CLI's human-readable output.
import { visibleLength } from './colour.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Cut longer values to this many characters (with an ellipsis). */
  maxWidth?: number;
  /** Applied after alignment, so colour codes do not break the widths. */
  style?: (text: string, row: Row) => string;
}

export function formatTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>, header: (text: string) => string = (t) => t): string {
  const cells = rows.map((row) => columns.map((column) => truncate(oneLine(column.value(row)), column.maxWidth)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => visibleLength(line[i]!))));
  const pad = (text: string, i: number) => (i === columns.length - 1 ? text : text + ' '.repeat(widths[i]! - visibleLength(text)));
  const lines = [columns.map((column, i) => header(pad(column.header, i))).join('  ').trimEnd()];
  rows.forEach((row, r) => {
    const line = columns.map((column, i) => {
      const padded = pad(cells[r]![i]!, i);
      return column.style ? column.style(padded, row) : padded;
    });
    lines.push(line.join('  ').trimEnd());
  });
  return lines.join('\n') + '\n';
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function truncate(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return text.slice(0, Math.max(0, max - 1)) + '…';
}
