import type { AdoptionTrend, AdoptionWeek } from "../../adoption/feature.js";
import { fields, image, text, type Block } from "../../core/message.js";
import { trendPng, trendSvg, type TrendLabels, type TrendPoint } from "../chart.js";
import { delta, pct } from "../delta.js";
import { esc, list, section } from "../html.js";
import { defineSection, type PreviousDigest } from "../model.js";
import type { Translate } from "./i18n.js";
import "./i18n.js";

export interface AdoptionData {
  week: AdoptionTrend;
  series: AdoptionWeek[];
}

/** The trend's points: the percentages that have a value that week, one line each. */
export function trendPoints(t: Translate, series: readonly AdoptionWeek[]): TrendPoint[] {
  const lines: [string, (w: AdoptionWeek) => number | null][] = [
    [t("digest.adoption.series_active"), (w) => w.activePct],
    [t("digest.adoption.series_complete"), (w) => w.completenessPct],
    [t("digest.adoption.series_on_time"), (w) => w.onTimePct],
  ];
  return lines.flatMap(([name, value]) => series.flatMap((w) => (value(w) === null ? [] : [{ week: w.week.slice(5), series: name, value: value(w)! }])));
}

const labels = (t: Translate): TrendLabels => ({ title: t("digest.adoption.chart_title"), axis: "%" });

function rows(t: Translate, w: AdoptionTrend, previous: PreviousDigest | null): [string, string][] {
  const active = w.licensed ? t("digest.adoption.active_of", { active: w.activeUsers, licensed: w.licensed, percent: pct(w.activePct) }) : String(w.activeUsers);
  return [
    [t("digest.adoption.active"), active + delta(previous, "adoption.active", w.activeUsers)],
    [t("digest.adoption.completeness"), pct(w.completenessPct) + (w.completenessPct === null ? "" : delta(previous, "adoption.completeness", w.completenessPct, "%"))],
    [t("digest.adoption.records"), String(w.recordsCreated)],
  ];
}

/** Adoption: active users of licensed, completeness, and the eight-week trend as a chart (PNG in chat, SVG on the page). */
export const adoptionSection = defineSection<AdoptionData>({
  name: "adoption",
  async compute(scope) {
    const a = await scope.sources.adoption();
    if (!a || a.series.every((w) => w.activeUsers === 0 && w.recordsCreated === 0)) return null;
    return { week: a.week, series: a.series };
  },
  figures: (d) => ({ active: d.week.activeUsers, ...(d.week.completenessPct === null ? {} : { completeness: d.week.completenessPct }), ...(d.week.activePct === null ? {} : { activePct: d.week.activePct }) }),
  async blocks(d, { t, previous, images }) {
    const blocks: Block[] = [text(`**${t("digest.adoption.title", { week: d.week.week })}**`), fields(rows(t, d.week, previous))];
    const points = trendPoints(t, d.series);
    if (images && points.length > 0) blocks.push(image(await trendPng(points, labels(t)), t("digest.adoption.chart_alt", { from: d.series[0]!.week, to: d.week.week }), "adoption-trend.png"));
    return blocks;
  },
  async html(d, { t, previous }) {
    const points = trendPoints(t, d.series);
    const chart = points.length > 0 ? `<figure class="chart">${await trendSvg(points, labels(t))}</figure>` : "";
    const weeks = d.series.map((w) => `${esc(w.week)}: ${esc(t("digest.adoption.week_line", { active: w.activeUsers, records: w.recordsCreated, complete: pct(w.completenessPct) }))}`);
    return section("adoption", t("digest.adoption.title", { week: d.week.week }), `<table>${rows(t, d.week, previous).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table>${chart}${list(weeks)}`);
  },
});
