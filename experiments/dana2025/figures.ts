/**
 * Vega-lite (v5 schema, also valid v6) building blocks for the dana2025 figures: data inlined,
 * every axis titled with its unit, every series and drawn line named in one legend
 * (experiments/figureLegend.ts).
 */
import { DOTTED, SERIES_COLORS, legendEncoding, seriesEntries, type LegendEntry } from "../figureLegend.js";
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

export type Spec = Record<string, unknown>;

export function axis(field: string, title: string, options: Record<string, unknown> = {}): Spec {
  return { field, type: "quantitative", title, ...options };
}

/** A line drawn over the data (a fit, a reference): its legend label, points, color and dash. */
export interface DrawnLine {
  label: string;
  points: readonly { x: number; y: number }[];
  color: string;
  dash: readonly number[];
}

/** A vertical rule (a fitted threshold) at x = value, named in the legend. */
export interface ThresholdRule {
  value: number;
  label: string;
}

export interface ChartTitle {
  text: string;
  subtitle?: string | string[];
}

/** Data series: the field holding each point's series label, the legend title, the labels in order. */
export interface SeriesSpec {
  field: string;
  title: string;
  labels: readonly string[];
}

const RULE_COLOR = "#b2182b";

function legendOf(series: SeriesSpec | undefined, observedLabel: string, lines: readonly DrawnLine[], rule: ThresholdRule | undefined): LegendEntry[] {
  return [
    ...(series === undefined ? [{ label: observedLabel, color: SERIES_COLORS[0] }] : seriesEntries(series.labels)),
    ...lines.map((line) => ({ label: line.label, color: line.color, dash: line.dash })),
    ...(rule === undefined ? [] : [{ label: rule.label, color: RULE_COLOR, dash: DOTTED }]),
  ];
}

/** The layers every chart shares after its data: drawn lines and the threshold rule, on the chart's axes. */
function overlayLayers(entries: readonly LegendEntry[], lines: readonly DrawnLine[], rule: ThresholdRule | undefined, xTitle: string, yTitle: string, title: string | null): Spec[] {
  const layers: Spec[] = lines.map((line) => ({
    data: { values: line.points.map((point) => ({ ...point })) },
    mark: { type: "line", strokeWidth: 2, strokeDash: line.dash },
    encoding: { x: axis("x", xTitle), y: axis("y", yTitle), ...legendEncoding(entries, { datum: line.label }, { title }) },
  }));
  if (rule !== undefined) {
    layers.push({
      data: { values: [{ value: rule.value }] },
      mark: { type: "rule", strokeWidth: 1.5, strokeDash: DOTTED },
      encoding: { x: axis("value", xTitle), ...legendEncoding(entries, { datum: rule.label }, { title }) },
    });
  }
  return layers;
}

const SUCCESS_TITLE = "P(success) (fraction of runs, Hoeffding 95% bars)";

/**
 * Success probability against a numeric x, with Hoeffding error bars, one series per label of
 * `series` when given, and drawn lines (fits) and a threshold rule, all named in one legend.
 */
export function successRateChart(args: {
  title: ChartTitle;
  points: Record<string, unknown>[];
  x: { field: string; title: string; zero?: boolean };
  series?: SeriesSpec;
  lines?: readonly DrawnLine[];
  rule?: ThresholdRule;
  observedLabel?: string;
}): Spec {
  const { title, points, x, series, lines = [], rule, observedLabel = "observed fraction" } = args;
  const entries = legendOf(series, observedLabel, lines, rule);
  const legendTitle = series?.title ?? null;
  const source = series === undefined ? { datum: observedLabel } : { field: series.field };
  const xEncoding = axis(x.field, x.title, { scale: { zero: x.zero ?? false, padding: 8, nice: false } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: 480,
    height: 300,
    layer: [
      {
        data: { values: points },
        mark: { type: "errorbar", ticks: true, opacity: series === undefined ? 1 : 0.6 },
        encoding: { x: xEncoding, y: axis("lo", SUCCESS_TITLE, { scale: { domain: [0, 1] } }), y2: { field: "hi" }, ...legendEncoding(entries, source, { title: legendTitle }) },
      },
      {
        data: { values: points },
        mark: { type: "line", point: true, strokeWidth: 2 },
        encoding: { x: xEncoding, y: axis("rate", SUCCESS_TITLE), ...legendEncoding(entries, source, { title: legendTitle }) },
      },
      ...overlayLayers(entries, lines, rule, x.title, SUCCESS_TITLE, legendTitle),
    ],
  };
}

/**
 * Success probability against a numeric x as small multiples, one panel per series (ten series
 * with Hoeffding bars of half-width ≈ 0.3 at 20 runs cannot share one panel and stay readable),
 * with each panel's fitted threshold as a dotted rule; panels share both axes.
 */
export function successRatePanels(args: {
  title: ChartTitle;
  points: Record<string, unknown>[];
  x: { field: string; title: string };
  series: SeriesSpec;
  /** Per series label, the fitted threshold on the x scale (absent: no transition in range). */
  thresholds: ReadonlyMap<string, number>;
  columns: number;
  observedLabel: string;
  ruleLabel: string;
  /** Rates from elsewhere (another study's runs) drawn as a line in each panel: series label, x, rate. */
  reference?: { label: string; color: string; points: readonly { series: string; x: number; rate: number }[] };
}): Spec {
  const { title, points, x, series, thresholds, columns, observedLabel, ruleLabel, reference } = args;
  const entries: LegendEntry[] = [
    { label: observedLabel, color: SERIES_COLORS[0] },
    ...(reference === undefined ? [] : [{ label: reference.label, color: reference.color }]),
    { label: ruleLabel, color: RULE_COLOR, dash: DOTTED },
  ];
  // Rule rows carry only `ruleX`, rate rows only rate/lo/hi: each layer drops the other's rows as
  // missing values, where filter transforms in a faceted layer make vega-lite's optimizer warn.
  const rules = [...thresholds].map(([label, value]) => ({ [series.field]: label, ruleX: value }));
  const referenceRows = (reference?.points ?? []).map((point) => ({ [series.field]: point.series, referenceX: point.x, referenceRate: point.rate }));
  // Wrapped facets repeat axis titles per panel, so they stay short; the subtitle says the rest.
  const xEncoding = axis(x.field, x.title, { scale: { zero: true, nice: false } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values: [...points, ...rules, ...referenceRows] },
    facet: { field: series.field, type: "ordinal", sort: [...series.labels], title: null, header: { labelFontWeight: "bold" } },
    columns,
    spec: {
      width: 150,
      height: 110,
      layer: [
        { mark: { type: "errorbar", ticks: true, opacity: 0.6 }, encoding: { x: xEncoding, y: axis("lo", "P(success)", { scale: { domain: [0, 1] } }), y2: { field: "hi" }, ...legendEncoding(entries, { datum: observedLabel }) } },
        ...(reference === undefined
          ? []
          : [{ mark: { type: "line", strokeWidth: 1.5 }, encoding: { x: { ...xEncoding, field: "referenceX" }, y: axis("referenceRate", "P(success)"), ...legendEncoding(entries, { datum: reference.label }) } }]),
        { mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x: xEncoding, y: axis("rate", "P(success)"), ...legendEncoding(entries, { datum: observedLabel }) } },
        { mark: { type: "rule", strokeWidth: 1.5, strokeDash: DOTTED }, encoding: { x: { ...xEncoding, field: "ruleX" }, ...legendEncoding(entries, { datum: ruleLabel }) } },
      ],
    },
  };
}

/** y against x as points joined by a line, optionally with error bars (fields lo, hi) and drawn lines. */
export function lineChart(args: {
  title: ChartTitle;
  points: Record<string, unknown>[];
  x: { field: string; title: string; zero?: boolean; scale?: Record<string, unknown> };
  y: { field: string; title: string | string[]; zero?: boolean };
  series?: SeriesSpec;
  errorBars?: { lo: string; hi: string };
  lines?: readonly DrawnLine[];
  observedLabel?: string;
}): Spec {
  const { title, points, x, y, series, errorBars, lines = [], observedLabel = "observed" } = args;
  const entries = legendOf(series, observedLabel, lines, undefined);
  const legendTitle = series?.title ?? null;
  const source = series === undefined ? { datum: observedLabel } : { field: series.field };
  const yTitle = Array.isArray(y.title) ? y.title.join(" ") : y.title;
  const xEncoding = axis(x.field, x.title, { scale: { zero: x.zero ?? false, padding: 8, nice: false, ...x.scale } });
  const yScale = { scale: { zero: y.zero ?? false } };
  const layers: Spec[] = [];
  if (errorBars !== undefined) {
    layers.push({
      data: { values: points },
      mark: { type: "errorbar", ticks: true },
      encoding: { x: xEncoding, y: { ...axis(errorBars.lo, yTitle, yScale), title: y.title }, y2: { field: errorBars.hi }, ...legendEncoding(entries, source, { title: legendTitle }) },
    });
  }
  layers.push({
    data: { values: points },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: { x: xEncoding, y: { ...axis(y.field, yTitle, yScale), title: y.title }, ...legendEncoding(entries, source, { title: legendTitle }) },
  });
  return { $schema: VEGA_LITE_SCHEMA, title, width: 480, height: 300, layer: [...layers, ...overlayLayers(entries, lines, undefined, x.title, yTitle, legendTitle)] };
}

/** Evenly spaced values over [lo, hi]. */
export function linspace(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, t) => (count === 1 ? lo : lo + ((hi - lo) * t) / (count - 1)));
}

/** "80 runs", "1 run", "2/3 runs" (repetition counts joined by "/"). */
export function runsText(reps: string): string {
  return reps === "1" ? "1 run" : `${reps} runs`;
}
