import { inflateSync, crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Resvg } from "@resvg/resvg-js";
import { CHART_SCALE, trendPng, trendSvg } from "../../../src/digest/chart.js";
import { charactersOf, fontFileFor, FONT_FAMILY } from "../../../src/digest/font.js";
import { encodePng } from "../../../src/digest/png.js";

/** Reads a PNG as the format says: signature, chunks with their CRCs, IHDR, the IDAT stream inflated and unfiltered. */
function decode(png: Uint8Array): { width: number; height: number; pixels: Buffer } {
  const b = Buffer.from(png);
  expect([...b.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (at < b.length) {
    const length = b.readUInt32BE(at);
    const type = b.toString("ascii", at + 4, at + 8);
    const body = b.subarray(at + 8, at + 8 + length);
    expect(b.readUInt32BE(at + 8 + length)).toBe(crc32(b.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8, 13)]).toEqual([8, 6, 0, 0, 0]); // 8-bit RGBA, no interlace
    }
    if (type === "IDAT") idat.push(body);
    at += length + 12;
  }
  expect(types[0]).toBe("IHDR");
  expect(types.at(-1)).toBe("IEND");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0);
    raw.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, pixels };
}

describe("the chart's PNG encoding", () => {
  it("a few pixels come back as they went in", () => {
    const pixels = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 250, 251, 252, 253, 9, 8, 7, 6]);
    const png = decode(encodePng(pixels, 3, 2));
    expect(png).toMatchObject({ width: 3, height: 2 });
    expect([...png.pixels]).toEqual([...pixels]);
  });

  it("the chart's PNG holds exactly the pixels resvg drew, at twice the SVG's size", async () => {
    const points = Array.from({ length: 8 }, (_, i) => [
      { week: `W${42 + i}`, series: "活跃用户 %", value: 20 + i * 7 },
      { week: `W${42 + i}`, series: "记录完整度 %", value: 40 + i * 4 },
    ]).flat();
    const labels = { title: "CRM 使用趋势（近 8 周）", axis: "%" };
    const svg = await trendSvg(points, labels);
    const drawn = new Resvg(svg, { fitTo: { mode: "zoom", value: CHART_SCALE }, font: { fontFiles: [await fontFileFor(charactersOf(svg))], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY } }).render();
    const png = decode(await trendPng(points, labels));
    expect(png.width).toBe(drawn.width);
    expect(png.height).toBe(drawn.height);
    expect(png.pixels.equals(drawn.pixels)).toBe(true);
  });

  it("refuses pixels that do not fill the size it is given", () => {
    expect(() => encodePng(new Uint8Array(10), 3, 2)).toThrow(/3×2/);
  });
});
