/**
 * A figure's vega-lite spec to SVG (vega-lite → vega → a headless View, no canvas) and PNG
 * (resvg, prebuilt binaries). Text in the PNG uses DejaVu Sans shipped by the dejavu-fonts-ttf
 * package, never system fonts, so a machine without fonts (CI) draws the same labels.
 *
 * vega and resvg are loaded on first use, so commands that draw nothing do not pay for them.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

export interface RenderedFigure {
  svg: string;
  png: Uint8Array;
}

/** Pixel density of the PNG relative to the SVG's size: 2 gives print-quality labels. */
const PNG_SCALE = 2;

export function bundledFontFiles(): string[] {
  const directory = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf"].map((file) => join(directory, file));
}

export async function svgFromVegaLite(spec: Record<string, unknown>): Promise<string> {
  const [vegaLite, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG drawn with the given font files only (no system fonts), as resvg's raw image. */
export function rasterize(svg: string, fontFiles: string[]): import("@resvg/resvg-js").RenderedImage {
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: PNG_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
      serifFamily: "DejaVu Sans",
      monospaceFamily: "DejaVu Sans Mono",
    },
  });
  return resvg.render();
}

export function pngFromSvg(svg: string): Uint8Array {
  return rasterize(svg, bundledFontFiles()).asPng();
}

export async function renderFigure(spec: Record<string, unknown>): Promise<RenderedFigure> {
  const svg = await svgFromVegaLite(spec);
  return { svg, png: pngFromSvg(svg) };
}
