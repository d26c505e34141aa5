// ANSI colour for the CLI, only when writing to a terminal and NO_COLOR is not set.

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const colourful: Palette = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  cyan: wrap(36, 39),
};

const plain: Palette = { bold: id, dim: id, green: id, yellow: id, red: id, cyan: id };

function id(text: string): string {
  return text;
}

export function paletteFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Palette {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb' ? colourful : plain;
}

/** The visible width of a string that may hold ANSI colour codes. */
export function visibleLength(text: string): number {
  return text.replace(/\u001b\[\d+m/g, '').length;
}
