/**
 * One legend for everything drawn in a figure: data series and drawn lines (fits, references,
 * thresholds), each with the color and dash it has in the plot, so a dashed fit shows as a dashed
 * swatch next to its label. Layers encode `{ field }` (data whose field holds a label, drawn
 * solid) or `{ datum }` (one line, whose mark carries the entry's dash: {@link dashOf}); the
 * legend's order is the entries' order.
 */
export type Spec = Record<string, unknown>;

export interface LegendEntry {
  label: string;
  color: string;
  /** vega strokeDash; solid when absent. */
  dash?: readonly number[];
  /** A vega symbol shape (e.g. "triangle-up") for an entry drawn as filled points, not a line. */
  symbol?: string;
}

export const SOLID: readonly number[] = [1, 0];
export const DASHED: readonly number[] = [6, 4];
export const DOTTED: readonly number[] = [2, 2];

/** Tableau 10: ten colors told apart in print and by most color-blind readers. */
export const SERIES_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** Entries for data series labelled `labels`, in the series palette (cycled beyond ten). */
export function seriesEntries(labels: readonly string[]): LegendEntry[] {
  return labels.map((label, i) => ({ label, color: SERIES_COLORS[i % SERIES_COLORS.length] }));
}

/**
 * The color encoding of one layer, on a scale shared by every layer that uses the same entries;
 * the legend draws each swatch as a line with its entry's dash (vega looks the dash up by label).
 * Dashes are not a second encoded channel: vega-lite would merge its legend with the color
 * legend of a field-encoded layer and warn.
 */
export function legendEncoding(entries: readonly LegendEntry[], source: { field: string } | { datum: string }, options: { title?: string | null } = {}): Spec {
  const domain = entries.map((entry) => entry.label);
  const dashes = entries.map((entry) => entry.dash ?? SOLID);
  const shapes = entries.map((entry) => entry.symbol ?? "stroke");
  const fills = entries.map((entry) => (entry.symbol === undefined ? "transparent" : entry.color));
  const pick = (values: readonly unknown[]) => ({ signal: `${JSON.stringify(values)}[indexof(${JSON.stringify(domain)}, datum.label)]` });
  const channel = "field" in source ? { field: source.field } : { datum: source.datum };
  return {
    color: {
      ...channel,
      type: "nominal",
      scale: { domain, range: entries.map((entry) => entry.color) },
      legend: {
        title: options.title ?? null,
        symbolType: "stroke",
        symbolSize: 360,
        encode: { symbols: { update: { strokeDash: pick(dashes), shape: pick(shapes), fill: pick(fills) } } },
      },
    },
  };
}

/** The mark dash of the line named `label` (solid when it has none). */
export function dashOf(entries: readonly LegendEntry[], label: string): readonly number[] {
  return entries.find((entry) => entry.label === label)?.dash ?? SOLID;
}
