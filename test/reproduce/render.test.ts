import { describe, expect, it } from "vitest";
import { bundledFontFiles, measuredTextWidth, rasterize, renderFigure, renderSvg } from "../../src/reproduce/render.js";

const TEXT_ONLY = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-family="sans-serif" font-size="20">Label 0.5</text></svg>`;

function darkPixels(image: { pixels: Buffer }): number {
  const pixels = image.pixels; // a getter that copies the image on every access
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128) count++;
  return count;
}

describe("figure rendering", () => {
  it("draws text into the PNG with the bundled fonts, and would draw none without fonts", () => {
    expect(darkPixels(rasterize(TEXT_ONLY, bundledFontFiles()))).toBeGreaterThan(100);
    // Without fonts resvg silently drops text: what a font-less CI machine would show.
    expect(darkPixels(rasterize(TEXT_ONLY, []))).toBe(0);
  });

  it("turns a vega-lite spec into an SVG with its labels and a PNG", async () => {
    const { svg, png } = await renderFigure({
      title: "Success rate",
      data: { values: [{ n: 1, y: 0.25 }, { n: 2, y: 0.75 }] },
      mark: "line",
      encoding: { x: { field: "n", type: "quantitative", title: "samples" }, y: { field: "y", type: "quantitative" } },
    });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("Success rate");
    expect(svg).toContain("samples");
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
  });

  it("collects vega-lite's warnings instead of printing them (the contract fails a figure on any)", async () => {
    const { warnings } = await renderSvg({
      data: { values: [{ s: 0.5, n: 1, y: 2 }] },
      facet: { column: { field: "s", type: "quantitative" } },
      spec: { mark: "point", encoding: { x: { field: "n", type: "quantitative" }, y: { field: "y", type: "quantitative" } } },
    });
    expect(warnings).toEqual([expect.stringMatching(/column encoding should be discrete/)]);
    const clean = await renderSvg({ data: { values: [{ n: 1, y: 2 }] }, mark: "point", encoding: { x: { field: "n", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
    expect(clean.warnings).toEqual([]);
  });

  it("measures text in the bundled font: wider glyphs, bold and larger sizes measure wider, and spaces count", () => {
    const plain = { font: "DejaVu Sans", fontSize: 11 };
    expect(measuredTextWidth(plain, "WWWW")).toBeGreaterThan(measuredTextWidth(plain, "iiii"));
    expect(measuredTextWidth({ ...plain, fontWeight: "bold" }, "label")).toBeGreaterThan(measuredTextWidth(plain, "label"));
    expect(measuredTextWidth({ ...plain, fontSize: 22 }, "label")).toBeCloseTo(2 * measuredTextWidth(plain, "label"), 0);
    expect(measuredTextWidth(plain, "a b")).toBeGreaterThan(measuredTextWidth(plain, "ab"));
    expect(measuredTextWidth(plain, "")).toBe(0);
    // vega's canvas-free estimate is 0.8 × size per character; DejaVu's average is well below it.
    const text = "P(success) (fraction of runs, Hoeffding 95% bars)";
    expect(measuredTextWidth(plain, text)).toBeLessThan(0.8 * 11 * text.length);
  });
});
