import type * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { charactersOf, FONT_FAMILY, fontFileFor } from "./font.js";
import { encodePng } from "./png.js";

/** The chart's size in CSS pixels; the PNG is drawn at twice that for phones' dense screens. */
export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 260;
export const CHART_SCALE = 2;

/** One week of the adoption trend, as the chart reads it. */
export interface TrendPoint {
  week: string;
  series: string;
  value: number;
}

export interface TrendLabels {
  title: string;
  axis: string;
}

/** The adoption trend as Vega-Lite: one line per series over the weeks (the same spec draws the PNG and the web page's SVG). */
export function trendSpec(labels: TrendLabels): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    background: "white",
    padding: 12,
    title: { text: labels.title, font: FONT_FAMILY, fontSize: 16, anchor: "start" },
    config: { font: FONT_FAMILY, axis: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: 11, titleFontSize: 12 }, legend: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: 12, orient: "bottom" } },
    data: { name: "trend" },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: { field: "week", type: "ordinal", title: null, axis: { labelAngle: 0 } },
      y: { field: "value", type: "quantitative", title: labels.axis, scale: { domain: [0, 100] } },
      color: { field: "series", type: "nominal", title: null },
    },
  };
}

// The chart libraries are loaded on the first chart, not at start: Vega, Vega-Lite and resvg add about 25 MB to every
// replica's memory, and a replica draws a chart once a week.
let libraries: Promise<{ vega: typeof import("vega"); compile: typeof import("vega-lite").compile; Resvg: typeof import("@resvg/resvg-js").Resvg }> | null = null;
function chartLibraries() {
  libraries ??= Promise.all([import("vega"), import("vega-lite"), import("@resvg/resvg-js")]).then(([vegaModule, vegaLite, resvg]) => ({ vega: vegaModule, compile: vegaLite.compile, Resvg: resvg.Resvg }));
  return libraries;
}

// Compiling Vega-Lite and parsing the Vega spec cost more than drawing: kept per set of labels (one per language).
const runtimes = new Map<string, vega.Runtime>();

async function runtimeFor(labels: TrendLabels): Promise<vega.Runtime> {
  const { vega, compile } = await chartLibraries();
  const key = JSON.stringify(labels);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = vega.parse(compile(trendSpec(labels)).spec);
    runtimes.set(key, runtime);
    if (runtimes.size > 32) runtimes.delete(runtimes.keys().next().value!);
  }
  return runtime;
}

/** The trend as SVG (for the web report). */
export async function trendSvg(points: readonly TrendPoint[], labels: TrendLabels): Promise<string> {
  const { vega } = await chartLibraries();
  const view = new vega.View(await runtimeFor(labels), { renderer: "none" });
  view.data("trend", points.map((p) => ({ ...p })));
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const pngs = new Map<string, Promise<Uint8Array>>();

/**
 * The trend as a PNG (for chat), drawn from the same SVG with the shipped CJK font. The same chart (a fan-out to
 * readers of one language) is drawn once.
 */
export function trendPng(points: readonly TrendPoint[], labels: TrendLabels): Promise<Uint8Array> {
  const key = JSON.stringify([labels, points]);
  let hit = pngs.get(key);
  if (!hit) {
    hit = drawPng(points, labels);
    pngs.set(key, hit);
    hit.catch(() => pngs.delete(key));
    if (pngs.size > 64) pngs.delete(pngs.keys().next().value!);
  }
  return hit;
}

async function drawPng(points: readonly TrendPoint[], labels: TrendLabels): Promise<Uint8Array> {
  const svg = await trendSvg(points, labels);
  const font = await fontFileFor(charactersOf(svg));
  const { Resvg } = await chartLibraries();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  const image = resvg.render();
  return encodePng(image.pixels, image.width, image.height);
}
