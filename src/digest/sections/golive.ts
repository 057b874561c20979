import { epochDay } from "../../core/dates.js";
import { fields, text, type Block } from "../../core/message.js";
import type { GoliveDigest } from "../../golive/feature.js";
import { delta } from "../delta.js";
import { behind, esc, para, section } from "../html.js";
import { defineSection } from "../model.js";
import type { Translate } from "./i18n.js";
import "./i18n.js";

const CATEGORY_KEY: Record<string, string> = {
  data: "digest.category.data",
  system: "digest.category.system",
  users: "digest.category.users",
  training: "digest.category.training",
  support: "digest.category.support",
  comms: "digest.category.comms",
  functional: "digest.category.functional",
  integration: "digest.category.integration",
  uat: "digest.category.uat",
  performance: "digest.category.performance",
  security: "digest.category.security",
};
const WARROOM_KEY: Record<string, string> = { open: "digest.golive.warroom_open", hypercare: "digest.golive.warroom_hypercare", closed: "digest.golive.warroom_closed" };

export interface GoliveData extends GoliveDigest {
  /** The go-live date of the last digest, when it has moved since. */
  movedFrom: string | null;
}

const dateOfEpoch = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

function countdown(t: Translate, d: GoliveData): string {
  if (!d.goLiveDate || d.daysToGoLive === null) return t("digest.golive.no_date");
  if (d.daysToGoLive > 0) return t("digest.golive.countdown", { date: d.goLiveDate, days: d.daysToGoLive });
  if (d.daysToGoLive === 0) return t("digest.golive.today", { date: d.goLiveDate });
  return t("digest.golive.since", { date: d.goLiveDate, days: -d.daysToGoLive });
}

function lines(t: Translate, d: GoliveData, previous: Parameters<typeof delta>[0]): string[] {
  const out = [countdown(t, d)];
  if (d.movedFrom) out.push(t("digest.golive.moved", { from: d.movedFrom, to: d.goLiveDate ?? "—" }));
  if (d.readiness.total > 0) out.push(t("digest.golive.readiness", { percent: d.readiness.percent, passed: d.readiness.passed, total: d.readiness.total }) + delta(previous, "golive.readiness", d.readiness.percent, "%"));
  if (d.pendingVotes > 0) out.push(t("digest.golive.votes", { count: d.pendingVotes }));
  if (d.warroom !== "none") out.push(t(WARROOM_KEY[d.warroom] ?? "digest.golive.warroom_open", { sev1: d.openSev1 }));
  return out;
}

const categoryLine = (t: Translate, c: GoliveDigest["readiness"]["byCategory"][number]): [string, string] => [t(CATEGORY_KEY[c.category] ?? "digest.category.other"), `${c.percent}% (${c.passed}/${c.total})`];

/** Milestones and go-live: the countdown, gate readiness by category, what moved since last week. */
export const goliveSection = defineSection<GoliveData>({
  name: "golive",
  async compute(scope) {
    const d = await scope.sources.golive();
    if (!d || (!d.goLiveDate && d.readiness.total === 0 && d.warroom === "none")) return null;
    const before = scope.previous?.figures["golive.date"];
    const movedFrom = before !== undefined && d.goLiveDate && before !== epochDay(d.goLiveDate) ? dateOfEpoch(before) : null;
    return { ...d, movedFrom };
  },
  figures: (d) => ({ readiness: d.readiness.percent, pendingVotes: d.pendingVotes, openSev1: d.openSev1, ...(d.goLiveDate ? { date: epochDay(d.goLiveDate) } : {}) }),
  blocks(d, { t, previous }) {
    const blocks: Block[] = [text(`**${t("digest.golive.title")}**\n${lines(t, d, previous).join("\n")}`)];
    const open = d.readiness.byCategory.filter((c) => c.total > 0);
    if (open.length > 0) blocks.push(fields(open.map((c) => categoryLine(t, c))));
    return blocks;
  },
  html(d, { t, previous }) {
    const cats = d.readiness.byCategory.filter((c) => c.total > 0).map((c) => categoryLine(t, c)).map(([k, v]) => `${esc(k)}: ${esc(v)}`);
    return section("golive", t("digest.golive.title"), lines(t, d, previous).map(para).join("") + (cats.length > 0 ? behind(t("digest.golive.by_category"), cats) : ""));
  },
});
