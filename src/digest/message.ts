import { divider, text, type Block, type OutboundMessage } from "../core/message.js";
import { translator } from "./i18n.js";
import type { DigestContent, RenderScope } from "./model.js";

/** Where the web report is, for the last line (none when the bot has no public URL). */
export interface ReportLink {
  url: string;
  expiresAt: Date;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The digest as one chat message: its sections in order, dividers between; when nothing changed since the last
 * digest, the status and one line saying so instead of the same numbers again.
 */
export async function digestMessage(content: DigestContent, options: { images: boolean; link: ReportLink | null }): Promise<OutboundMessage> {
  const { scope } = content;
  const t = translator(scope.locale);
  const render: RenderScope = { locale: scope.locale, t, previous: scope.previous, images: options.images };
  const shown = content.unchanged ? content.sections.filter((c) => c.section.name === "status") : content.sections;
  const blocks: Block[] = [];
  for (const { section, data } of shown) {
    if (blocks.length > 0) blocks.push(divider());
    blocks.push(...(await section.blocks(data, render)));
  }
  if (content.unchanged && scope.previous) blocks.push(text(t("digest.unchanged", { date: day(scope.previous.sentAt) })));
  if (options.link) blocks.push(divider(), text(t("digest.report_link", { url: options.link.url, date: day(options.link.expiresAt) })));
  return { title: t("digest.title", { project: scope.project.name, from: scope.week.from, to: scope.week.to }), blocks, locale: scope.locale };
}
