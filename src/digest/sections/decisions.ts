import type { PendingDecision } from "../../core/decisions.js";
import { actions, text, type Block } from "../../core/message.js";
import { ageDays } from "../delta.js";
import { esc, list, section } from "../html.js";
import { defineSection } from "../model.js";
import "./i18n.js";

/** Decisions shown with their buttons in chat; the rest are counted and listed in the web report. */
const IN_CHAT = 5;

export interface DecisionsData {
  items: PendingDecision[];
  now: Date;
}

/**
 * Decisions needed from the sponsor: tasks escalated to them, go/no-go votes, rollback proposals, change requests and
 * risks awaiting a decision — whatever every feature publishes on the decision board, each with its own buttons.
 */
export const decisionsSection = defineSection<DecisionsData>({
  name: "decisions",
  async compute(scope) {
    const items = await scope.sources.decisions();
    return items.length > 0 ? { items, now: scope.now } : null;
  },
  figures: (d) => ({ count: d.items.length }),
  needsAttention: (d) => d.items.length > 0,
  blocks(d, { t }) {
    const blocks: Block[] = [text(`**${t("digest.decisions.title", { count: d.items.length })}**`)];
    for (const item of d.items.slice(0, IN_CHAT)) {
      blocks.push(text(`${item.title} · ${t("digest.decisions.waiting", { days: ageDays(item.askedAt, d.now) })}`));
      if (item.actions.length > 0) blocks.push(actions(...item.actions));
    }
    if (d.items.length > IN_CHAT) blocks.push(text(t("digest.decisions.more", { count: d.items.length - IN_CHAT })));
    return blocks;
  },
  html(d, { t }) {
    const items = d.items.map((item) => `${esc(item.title)} <small>${esc(t("digest.decisions.waiting", { days: ageDays(item.askedAt, d.now) }))}</small><br><span class="cmds">${item.actions.map((a) => `<code>${esc(a.command)}</code>`).join(" ")}</span>`);
    return section("decisions", t("digest.decisions.title", { count: d.items.length }), `<p>${esc(t("digest.decisions.how"))}</p>${list(items)}`);
  },
});
