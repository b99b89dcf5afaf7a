// A drill's figures: one line of `key=value` pairs, the last line it prints, so an operator reads it and a test
// or a log query parses it. Values with spaces or quotes are JSON strings.
export type FigureValue = string | number | boolean;
export type Figures = Record<string, FigureValue>;

const keyPattern = /^[a-z][a-z0-9_]*$/;

export function formatFigures(figures: Figures): string {
  return Object.entries(figures)
    .map(([key, value]) => {
      if (!keyPattern.test(key)) throw new Error(`figure name ${JSON.stringify(key)} is not snake_case`);
      const text = String(value);
      return `${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
    })
    .join(" ");
}

export function parseFigures(line: string): Record<string, string> {
  const figures: Record<string, string> = {};
  const pair = /([a-z][a-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^\s]+)/g;
  for (const match of line.matchAll(pair)) {
    const [, key = "", raw = ""] = match;
    figures[key] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return figures;
}
