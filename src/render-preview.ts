import { dingtalkCapabilities } from "../adapters/dingtalk/capabilities.js";
import { renderDingtalkCardData, renderDingtalkMarkdown } from "../adapters/dingtalk/render.js";
import { feishuCapabilities } from "../adapters/feishu/capabilities.js";
import { renderFeishu } from "../adapters/feishu/render.js";
import { slackCapabilities } from "../adapters/slack/capabilities.js";
import { renderSlack } from "../adapters/slack/render.js";
import { wecomCapabilities } from "../adapters/wecom/capabilities.js";
import { renderWecomMarkdown, renderWecomTemplateCard } from "../adapters/wecom/render.js";
import type { Capabilities } from "./core/adapter.js";
import { buttonsOf, type OutboundMessage } from "./core/message.js";
import { degrade } from "./core/degrade.js";

interface Preview {
  capabilities: Capabilities;
  render(message: OutboundMessage): unknown;
  /** False while the platform's adapter (transport, client) has not been built: only its renderer exists. */
  adapterBuilt: boolean;
}

// Wiring for the console's `:render`: each platform's real renderer behind its real capabilities.
const previews: Record<string, Preview> = {
  slack: { capabilities: slackCapabilities, render: renderSlack, adapterBuilt: true },
  feishu: { capabilities: feishuCapabilities, render: renderFeishu, adapterBuilt: true },
  dingtalk: {
    capabilities: dingtalkCapabilities({ cardTemplate: false, sceneGroupTemplate: false }),
    render: (m) => (buttonsOf(m).length > 0 ? renderDingtalkCardData(m) : renderDingtalkMarkdown(m)),
    adapterBuilt: true,
  },
  wecom: {
    capabilities: wecomCapabilities,
    render: (m) => (buttonsOf(m).length > 0 ? renderWecomTemplateCard(m, { taskId: "preview" }) : renderWecomMarkdown(m)),
    adapterBuilt: true,
  },
};

/** What `:render <platform|all>` prints: the degraded message through that platform's renderer, as JSON. */
export function renderFor(platform: string, message: OutboundMessage): string {
  const names = platform === "all" ? Object.keys(previews) : [platform];
  return names
    .map((name) => {
      const preview = previews[name];
      if (!preview) return `${name}: no such platform (slack, feishu, dingtalk, wecom, all)`;
      const { parts, choices } = degrade(message, preview.capabilities);
      const note = preview.adapterBuilt ? "" : ` — renderer only: the ${name} adapter does not exist yet, so nothing can be sent there`;
      const payloads = parts.map((p) => JSON.stringify(preview.render(p), null, 2)).join("\n");
      return `── ${name}${note}\n${payloads}${choices.length ? `\n(numbered replies: ${choices.join(" | ")})` : ""}`;
    })
    .join("\n");
}
