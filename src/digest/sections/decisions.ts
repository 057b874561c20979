import type { PendingDecision } from "../../core/decisions.js";
import { actions, text, type Block } from "../../core/message.js";
import { ageDays } from "../delta.js";
import { esc, list, section } from "../html.js";
import { defineSection } from "../model.js";
import "./i18n.js";

/** Decisions shown with their buttons in chat; the rest are counted and listed in the web report (up to DECISIONS_LISTED). */
const IN_CHAT = 5;

export interface DecisionsData {
  /** The oldest ones (as many as the report lists); `total` counts them all. */
  items: PendingDecision[];
  total: number;
  now: Date;
}

/**
 * Decisions needed from the sponsor: tasks escalated to them, go/no-go votes, rollback proposals, change requests and
 * risks awaiting a decision — whatever every feature publishes on the decision board, each with its own buttons.
 */
export const decisionsSection = defineSection<DecisionsData>({
  name: "decisions",
  async compute(scope) {
    const { items, total } = await scope.sources.decisions();
    return total > 0 ? { items, total, now: scope.now } : null;
  },
  figures: (d) => ({ count: d.total }),
  needsAttention: (d) => d.total > 0,
  blocks(d, { t }) {
    const blocks: Block[] = [text(`**${t("digest.decisions.title", { count: d.total })}**`)];
    for (const item of d.items.slice(0, IN_CHAT)) {
      blocks.push(text(`${item.title} · ${t("digest.decisions.waiting", { days: ageDays(item.askedAt, d.now) })}`));
      if (item.actions.length > 0) blocks.push(actions(...item.actions));
    }
    if (d.total > IN_CHAT) blocks.push(text(t("digest.decisions.more", { count: d.total - IN_CHAT })));
    return blocks;
  },
  html(d, { t }) {
    const items = d.items.map((item) => `${esc(item.title)} <small>${esc(t("digest.decisions.waiting", { days: ageDays(item.askedAt, d.now) }))}</small><br><span class="cmds">${item.actions.map((a) => `<code>${esc(a.command)}</code>`).join(" ")}</span>`);
    const unlisted = d.total > d.items.length ? `<p>${esc(t("digest.decisions.unlisted", { count: d.total - d.items.length }))}</p>` : "";
    return section("decisions", t("digest.decisions.title", { count: d.total }), `<p>${esc(t("digest.decisions.how"))}</p>${list(items)}${unlisted}`);
  },
});
