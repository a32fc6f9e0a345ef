/**
 * Vega-lite (v5 schema, also valid v6) building blocks for the dana2025 figures: data inlined,
 * every axis titled with its unit.
 */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

export type Spec = Record<string, unknown>;

export function axis(field: string, title: string, options: Record<string, unknown> = {}): Spec {
  return { field, type: "quantitative", title, ...options };
}

/**
 * An extra layer (fitted curve, rule, label) with the chart's axis titles on its untitled x and y:
 * layers sharing an axis merge their titles, and a figure's every axis encoding is titled.
 */
function withAxisTitles(layer: Spec, xTitle: string, yTitle: string): Spec {
  const encoding = layer.encoding as Record<string, Spec> | undefined;
  if (encoding === undefined) return layer;
  const titled = { ...encoding };
  for (const [channel, title] of [["x", xTitle], ["y", yTitle]] as const) if (titled[channel] !== undefined && titled[channel].title === undefined) titled[channel] = { ...titled[channel], title };
  return { ...layer, encoding: titled };
}

/**
 * Success probability against a numeric x, with Hoeffding error bars and optional extra layers
 * (a fitted curve, a threshold rule), one series per `series` value when given.
 */
export function successRateChart(args: {
  title: string;
  points: Record<string, unknown>[];
  x: { field: string; title: string; zero?: boolean };
  series?: { field: string; title: string };
  extraLayers?: Spec[];
}): Spec {
  const { title, points, x, series, extraLayers = [] } = args;
  const xEncoding = axis(x.field, x.title, { scale: { zero: x.zero ?? false } });
  const color = series === undefined ? {} : { color: { field: series.field, type: "ordinal", title: series.title } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: 480,
    height: 300,
    layer: [
      {
        data: { values: points },
        mark: { type: "errorbar", ticks: true },
        encoding: {
          x: xEncoding,
          y: axis("lo", "P(success) (fraction of runs, Hoeffding 95% bars)", { scale: { domain: [0, 1] } }),
          y2: { field: "hi" },
          ...color,
        },
      },
      {
        data: { values: points },
        mark: { type: "line", point: true },
        encoding: { x: xEncoding, y: axis("rate", "P(success) (fraction of runs, Hoeffding 95% bars)"), ...color },
      },
      ...extraLayers.map((layer) => withAxisTitles(layer, x.title, "P(success) (fraction of runs, Hoeffding 95% bars)")),
    ],
  };
}

/** y against x as points joined by a line, optionally with error bars (fields lo, hi). */
export function lineChart(args: {
  title: string;
  points: Record<string, unknown>[];
  x: { field: string; title: string; zero?: boolean; scale?: Record<string, unknown> };
  y: { field: string; title: string; zero?: boolean };
  series?: { field: string; title: string };
  errorBars?: { lo: string; hi: string };
  extraLayers?: Spec[];
}): Spec {
  const { title, points, x, y, series, errorBars, extraLayers = [] } = args;
  const xEncoding = axis(x.field, x.title, { scale: { zero: x.zero ?? false, ...x.scale } });
  const color = series === undefined ? {} : { color: { field: series.field, type: "nominal", title: series.title } };
  const layers: Spec[] = [];
  if (errorBars !== undefined) {
    layers.push({
      data: { values: points },
      mark: { type: "errorbar", ticks: true },
      encoding: { x: xEncoding, y: axis(errorBars.lo, y.title, { scale: { zero: y.zero ?? false } }), y2: { field: errorBars.hi }, ...color },
    });
  }
  layers.push({
    data: { values: points },
    mark: { type: "line", point: true },
    encoding: { x: xEncoding, y: axis(y.field, y.title, { scale: { zero: y.zero ?? false } }), ...color },
  });
  return { $schema: VEGA_LITE_SCHEMA, title, width: 480, height: 300, layer: [...layers, ...extraLayers.map((layer) => withAxisTitles(layer, x.title, y.title))] };
}

/** A dashed line through the given (x, y) points (a fitted curve). */
export function curveLayer(points: Record<string, unknown>[], x: string, y: string, color = "black"): Spec {
  return {
    data: { values: points },
    mark: { type: "line", strokeDash: [6, 4], color },
    encoding: { x: { field: x, type: "quantitative" }, y: { field: y, type: "quantitative" } },
  };
}

/** A vertical rule at x = value with a text label. */
export function verticalRule(value: number, label: string, color = "firebrick"): Spec[] {
  return [
    { data: { values: [{ value }] }, mark: { type: "rule", color, strokeDash: [2, 2] }, encoding: { x: { field: "value", type: "quantitative" } } },
    {
      data: { values: [{ value, label }] },
      mark: { type: "text", color, align: "left", dx: 4, dy: -4, baseline: "bottom" },
      encoding: { x: { field: "value", type: "quantitative" }, y: { datum: 1 }, text: { field: "label" } },
    },
  ];
}

/** Evenly spaced values over [lo, hi]. */
export function linspace(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, t) => (count === 1 ? lo : lo + ((hi - lo) * t) / (count - 1)));
}
