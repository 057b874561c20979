import { describe, expect, it } from "vitest";
import { CHART_SCALE, trendPng, trendSvg } from "../../../src/digest/chart.js";
import { charactersOf, fontFileFor, FONT_FILE } from "../../../src/digest/font.js";
import { statSync } from "node:fs";

const points = Array.from({ length: 8 }, (_, i) => [
  { week: `W${42 + i}`, series: "活跃用户 %", value: 30 + i * 5 },
  { week: `W${42 + i}`, series: "记录完整度 %", value: 50 + i * 3 },
]).flat();
const labels = { title: "CRM 使用趋势（近 8 周）", axis: "%" };

function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe("the adoption trend chart", () => {
  it("one Vega-Lite spec draws the web page's SVG and chat's PNG, at twice the SVG's size", async () => {
    const svg = await trendSvg(points, labels);
    expect(svg).toContain("CRM 使用趋势（近 8 周）");
    expect(svg).toContain("W49");
    const width = Number(/<svg[^>]*width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const height = Number(/<svg[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const size = pngSize(await trendPng(points, labels));
    expect(size.width).toBe(Math.round(width * CHART_SCALE));
    expect(size.height).toBe(Math.round(height * CHART_SCALE));
  });

  it("Chinese is drawn with the CJK font an npm package ships, cut down to the glyphs the chart uses", async () => {
    const svg = await trendSvg(points, labels);
    const chars = charactersOf(svg);
    for (const c of "使用趋势活跃完整度") expect(chars).toContain(c);
    const subset = await fontFileFor(chars);
    expect(subset).not.toBe(FONT_FILE);
    expect(statSync(subset).size).toBeLessThan(statSync(FONT_FILE).size / 20);
    // Labels drawn or not make different pictures: the glyphs are really there.
    const withTitle = Buffer.from(await trendPng(points, labels));
    const otherTitle = Buffer.from(await trendPng(points, { ...labels, title: "CRM 使用趋势（近 9 周）" }));
    expect(withTitle.equals(otherTitle)).toBe(false);
  });
});
