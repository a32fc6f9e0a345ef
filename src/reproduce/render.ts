/**
 * A figure's vega-lite spec to SVG (vega-lite → vega → a headless View, no canvas) and PNG
 * (resvg, prebuilt binaries). Text uses DejaVu Sans shipped by the dejavu-fonts-ttf package,
 * never system fonts, so a machine without fonts (CI) draws the same labels.
 *
 * Every figure gets the same look ({@link FIGURE_THEME}: fonts, sizes, tight padding), and
 * vega's text widths are measured on those fonts by resvg rather than estimated (vega's
 * canvas-free estimate, 0.8 × font size per character, overshoots DejaVu by ~40%, which leaves
 * wide empty margins and truncates long legend labels). Vega's and vega-lite's warnings are
 * collected, not printed, and returned with the figure: a figure that warns is a broken figure.
 *
 * No PDF: vega's own PDF path (vl2pdf) needs node-canvas (a native Cairo build), and the one
 * pure-JS SVG-to-PDF route for Node (svg-to-pdfkit 0.1.8) is unmaintained; the SVG is the
 * vector output (any SVG tool, e.g. rsvg-convert or Inkscape, turns it into PDF).
 *
 * vega and resvg are loaded on first use, so commands that draw nothing do not pay for them.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

export interface RenderedFigure {
  svg: string;
  png: Uint8Array;
  /** vega-lite's and vega's warnings and errors while compiling and drawing, in order. */
  warnings: string[];
}

/** Pixel density of the PNG relative to the SVG's size: 2 gives print-quality labels. */
const PNG_SCALE = 2;

export const FIGURE_FONT = "DejaVu Sans";

/**
 * The shared look, merged under each spec's own `config`: one font everywhere, a hierarchy of
 * sizes (title 14, axis and legend titles 12, labels 11), no label truncation (the widths are
 * measured), and a tight frame.
 */
export const FIGURE_THEME: Record<string, unknown> = {
  font: FIGURE_FONT,
  padding: 6,
  autosize: { type: "pad" },
  title: { fontSize: 14, subtitleFontSize: 11.5, anchor: "start", offset: 10, subtitlePadding: 4, limit: 0, subtitleColor: "#333" },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", labelLimit: 0, titlePadding: 8 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", labelLimit: 0, titleLimit: 0, symbolStrokeWidth: 2 },
  header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal", labelLimit: 0, titleLimit: 0 },
  text: { fontSize: 11 },
  view: { stroke: "#bbb" },
};

export function bundledFontFiles(): string[] {
  const directory = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf"].map((file) => join(directory, file));
}

/** The one bundled face a text item is drawn in (resvg loads font files fast, font buffers slowly). */
function faceFile(weight: string | number | undefined, style: string | undefined): string {
  const bold = weight === "bold" || (typeof weight === "number" && weight >= 600) || (typeof weight === "string" && Number(weight) >= 600);
  const oblique = style === "italic" || style === "oblique";
  const [regular, boldFace, obliqueFace, boldOblique] = bundledFontFiles();
  return bold ? (oblique ? boldOblique : boldFace) : oblique ? obliqueFace : regular;
}

function resvgOptions(fonts: { fontFiles: string[] }) {
  return {
    background: "white",
    fitTo: { mode: "zoom" as const, value: PNG_SCALE },
    font: {
      loadSystemFonts: false,
      ...fonts,
      defaultFontFamily: FIGURE_FONT,
      sansSerifFamily: FIGURE_FONT,
      serifFamily: FIGURE_FONT,
      monospaceFamily: "DejaVu Sans Mono",
    },
  };
}

/** The SVG drawn with the given font files only (no system fonts), as resvg's raw image. */
export function rasterize(svg: string, fontFiles: string[]): import("@resvg/resvg-js").RenderedImage {
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  return new Resvg(svg, resvgOptions({ fontFiles })).render();
}

export function pngFromSvg(svg: string): Uint8Array {
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  return new Resvg(svg, resvgOptions({ fontFiles: bundledFontFiles() })).render().asPng();
}

interface TextItem {
  font?: string;
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
  limit?: number;
  text?: unknown;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const widthCache = new Map<string, number>();

/** resvg's ink width of `text` between two bars, so leading and trailing spaces count. */
function barredInkWidth(text: string, style: string, fontFile: string): number {
  const key = `${style}|${text}`;
  const cached = widthCache.get(key);
  if (cached !== undefined) return cached;
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="8000" height="400"><text x="10" y="200" ${style} xml:space="preserve">|${escapeXml(text)}|</text></svg>`;
  const width = new Resvg(svg, resvgOptions({ fontFiles: [fontFile] })).getBBox()?.width ?? 0;
  widthCache.set(key, width);
  return width;
}

/** The advance width vega lays `text` out with, in the item's font, as resvg draws it. */
export function measuredTextWidth(item: TextItem, text?: unknown): number {
  const line = String(text ?? (Array.isArray(item.text) ? item.text.join(" ") : (item.text ?? ""))).trim();
  const size = item.fontSize ?? 11;
  if (line === "" || !(size > 0)) return 0;
  const family = (item.font ?? FIGURE_FONT).replace(/"/g, "'");
  const style = `font-family="${family}" font-size="${size}" font-weight="${item.fontWeight ?? "normal"}" font-style="${item.fontStyle ?? "normal"}"`;
  const face = faceFile(item.fontWeight, item.fontStyle);
  const width = barredInkWidth(line, style, face) - barredInkWidth("", style, face);
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/** A vega logger that keeps warnings and errors instead of printing them. */
function collectingLogger(into: string[]) {
  let level = 2;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: (...args: unknown[]) => (into.push(`error: ${args.map(String).join(" ")}`), logger),
    warn: (...args: unknown[]) => (into.push(args.map(String).join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

function mergeTheme(spec: Record<string, unknown>): Record<string, unknown> {
  const own = (spec.config ?? {}) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...FIGURE_THEME };
  for (const [key, value] of Object.entries(own)) {
    const base = config[key];
    config[key] = typeof base === "object" && base !== null && typeof value === "object" && value !== null && !Array.isArray(value) ? { ...base, ...value } : value;
  }
  return { ...spec, config };
}

/** The spec, themed, as SVG, with every warning vega-lite and vega raised on the way. */
export async function renderSvg(spec: Record<string, unknown>): Promise<{ svg: string; warnings: string[] }> {
  const [vegaLite, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  // The hook vega-scenegraph leaves for measured widths (vl-convert sets it the same way); the
  // typings do not declare the export.
  (vega as unknown as { textMetrics: { width: typeof measuredTextWidth } }).textMetrics.width = measuredTextWidth;
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const compiled = vegaLite.compile(mergeTheme(spec) as unknown as Parameters<typeof vegaLite.compile>[0], { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger: logger as never });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}

export async function svgFromVegaLite(spec: Record<string, unknown>): Promise<string> {
  return (await renderSvg(spec)).svg;
}

export async function renderFigure(spec: Record<string, unknown>): Promise<RenderedFigure> {
  const { svg, warnings } = await renderSvg(spec);
  return { svg, png: pngFromSvg(svg), warnings };
}
