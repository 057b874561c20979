import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { dingtalkCapabilities } from "../../adapters/dingtalk/capabilities.js";
import { type DingtalkCardButton, renderDingtalkCardData, renderDingtalkImage, renderDingtalkMarkdown } from "../../adapters/dingtalk/render.js";
import { feishuCapabilities } from "../../adapters/feishu/capabilities.js";
import { type FeishuButton, type FeishuCard, renderFeishu, renderFeishuText } from "../../adapters/feishu/render.js";
import { slackCapabilities } from "../../adapters/slack/capabilities.js";
import { renderSlack, type SlackBlock } from "../../adapters/slack/render.js";
import { wecomCapabilities, wecomGroupCapabilities } from "../../adapters/wecom/capabilities.js";
import { renderWecomImage, renderWecomMarkdown, renderWecomTemplateCard, renderWecomText } from "../../adapters/wecom/render.js";
import { degrade } from "../../src/core/degrade.js";
import { mediaId } from "../../src/core/media.js";
import type { Block, Button, OutboundMessage } from "../../src/core/message.js";
import { tinyPng } from "../helpers/png.js";

const CANCEL = 'golive cancel --reason "scope change"';
/** The kitchen sink's chart, and what each platform's upload answered for it. */
const CHART = tinyPng(3, 2);
const CHART_ID = mediaId(CHART);
const SLACK_FILE = new Map([[CHART_ID, "F0CHART42"]]);
const FEISHU_KEY = new Map([[CHART_ID, "img_v3_0chart"]]);
/** The kitchen sink's text: heading, bold, `<` and `&`, a link with a query string, a list, Chinese, italic. */
const SINK_MD =
  "# Status\n**Apollo** is on track: cut-over < 2h & rollback ready.\nSee [the plan](https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- *Training* done";

const msg = (blocks: Block[], extra: Partial<OutboundMessage> = {}): OutboundMessage => ({ blocks, ...extra });
const buttons = (...list: Button[]): Block => ({ type: "actions", buttons: list });
const manyTextBlocks = (n: number, filler = ""): Block[] =>
  Array.from({ length: n }, (_, i) => ({ type: "text", markdown: `Paragraph ${i}${filler} ends here.` }) satisfies Block);
const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");
/** JSON.parse typed as what the renderer promises to have serialised. */
const parse = <T>(json: string): T => JSON.parse(json) as T;
const feishuCard = (m: OutboundMessage): FeishuCard => parse<FeishuCard>(renderFeishu(m).content);
const feishuButtons = (card: FeishuCard): FeishuButton[] =>
  card.body.elements.flatMap((e) => (e.tag === "column_set" ? e.columns.flatMap((c) => c.elements) : []));
const markdownAt = (card: FeishuCard, i: number): string | undefined => {
  const el = card.body.elements.at(i);
  return el?.tag === "markdown" ? el.content : undefined;
};
const cardButtons = (m: OutboundMessage): DingtalkCardButton[] =>
  parse<DingtalkCardButton[]>(renderDingtalkCardData(m).cardParamMap.buttons);

/** One message using every block type, markdown features, Chinese text and characters that need escaping. */
const KITCHEN_SINK: OutboundMessage = {
  title: "Go-live: Apollo 上线",
  mentions: ["U42"],
  blocks: [
    { type: "text", markdown: SINK_MD },
    { type: "fields", fields: [{ label: "Owner", value: "Alice 张伟" }, { label: "Due", value: "2026-12-01" }] },
    { type: "divider" },
    buttons({ label: "Done", command: "task done T-42", style: "primary" }, { label: "Cancel go-live", command: CANCEL, style: "danger" }),
    { type: "image", png: CHART, alt: "Burn-down chart", name: "burndown.png" },
  ],
};

/** The kitchen sink as src/core/plain-text reads it (title, blocks, blank-line separated). */
const KITCHEN_SINK_PLAIN = [
  "Go-live: Apollo 上线",
  "Status\nApollo is on track: cut-over < 2h & rollback ready.\nSee the plan (https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- Training done",
  "Owner: Alice 张伟\nDue: 2026-12-01",
  "—".repeat(12),
  "[Done]  [Cancel go-live]",
  "🖼 Burn-down chart",
].join("\n\n");

const ROUND_TRIP = 'task note T-42 "a < b & c" --tag 上线 | x';
const LONG_CJK = "数".repeat(10_000);
const TRICKY = "<script>alert(1)</script> & <!channel>";

describe("kitchen sink → each platform's payload", () => {
  it("Slack: Block Kit with escaped mrkdwn, header, fields, buttons carrying commands, image", () => {
    expect(renderSlack(KITCHEN_SINK, { images: SLACK_FILE })).toEqual({
      text: `<@U42> ${KITCHEN_SINK_PLAIN.replace(/&/g, "&amp;").replace(/</g, "&lt;")}`,
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Go-live: Apollo 上线" } },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "<@U42> *Status*\n*Apollo* is on track: cut-over &lt; 2h &amp; rollback ready.\nSee <https://example.com/plan?a=1&amp;b=2|the plan>.\n• 数据迁移完成\n• _Training_ done",
          },
        },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Owner*\nAlice 张伟" }, { type: "mrkdwn", text: "*Due*\n2026-12-01" }] },
        { type: "divider" },
        { type: "actions", elements: [
            { type: "button", action_id: "cmd_0", text: { type: "plain_text", text: "Done" }, value: "task done T-42", style: "primary" },
            { type: "button", action_id: "cmd_1", text: { type: "plain_text", text: "Cancel go-live" }, value: CANCEL, style: "danger" },
        ] },
        { type: "image", slack_file: { id: "F0CHART42" }, alt_text: "Burn-down chart" },
      ],
    });
  });

  it("Feishu: card JSON 2.0 in an interactive message", () => {
    const out = renderFeishu(KITCHEN_SINK, { images: FEISHU_KEY });
    expect(out.msg_type).toBe("interactive");
    expect(parse<FeishuCard>(out.content)).toEqual({
      schema: "2.0",
      config: { update_multi: true },
      header: { title: { tag: "plain_text", content: "Go-live: Apollo 上线" }, template: "blue" },
      body: {
        elements: [
          { tag: "markdown", content: "<at id=U42></at>\n# Status\n**Apollo** is on track: cut-over &#60; 2h & rollback ready.\nSee [the plan](https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- *Training* done" },
          { tag: "markdown", content: "**Owner**: Alice 张伟\n**Due**: 2026-12-01" },
          { tag: "hr" },
          { tag: "column_set", flex_mode: "flow", columns: [
              { tag: "column", width: "auto", elements: [
                { tag: "button", text: { tag: "plain_text", content: "Done" }, type: "primary",
                  behaviors: [{ type: "callback", value: { command: "task done T-42" } }] },
              ] },
              { tag: "column", width: "auto", elements: [
                { tag: "button", text: { tag: "plain_text", content: "Cancel go-live" }, type: "danger",
                  behaviors: [{ type: "callback", value: { command: CANCEL } }] },
              ] },
          ] },
          { tag: "img", img_key: "img_v3_0chart", alt: { tag: "plain_text", content: "Burn-down chart" } },
        ],
      },
    });
  });

  it("Feishu: plain text message with an <at> mention", () => {
    expect(renderFeishuText(KITCHEN_SINK)).toEqual({
      msg_type: "text",
      content: JSON.stringify({ text: `<at user_id="U42"></at> ${KITCHEN_SINK_PLAIN}` }),
    });
  });

  it("DingTalk: sampleMarkdown with a required title; buttons become typed command lines", () => {
    const out = renderDingtalkMarkdown(KITCHEN_SINK);
    expect(out.msgKey).toBe("sampleMarkdown");
    expect(parse<{ title: string; text: string }>(out.msgParam)).toEqual({
      title: "Go-live: Apollo 上线",
      text:
        "### Go-live: Apollo 上线\n\n" +
        "# Status\n**Apollo** is on track: cut-over < 2h & rollback ready.\nSee [the plan](https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- *Training* done\n\n" +
        "- **Owner**: Alice 张伟\n- **Due**: 2026-12-01\n\n" +
        '- **Done**: task done T-42\n- **Cancel go-live**: golive cancel --reason "scope change"\n\n' +
        "🖼 Burn-down chart",
    });
  });

  it("DingTalk: interactive card data with string-only cardParamMap", () => {
    const out = renderDingtalkCardData(KITCHEN_SINK);
    expect(out).toEqual({
      cardParamMap: {
        title: "Go-live: Apollo 上线",
        markdown:
          "# Status\n**Apollo** is on track: cut-over < 2h & rollback ready.\nSee [the plan](https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- *Training* done\n\n" +
          "- **Owner**: Alice 张伟\n- **Due**: 2026-12-01\n\n" +
          "🖼 Burn-down chart",
        buttons: expect.any(String),
      },
    });
    expect(parse<DingtalkCardButton[]>(out.cardParamMap.buttons)).toEqual([
      { text: "Done", command: "task done T-42", style: "primary" },
      { text: "Cancel go-live", command: CANCEL, style: "danger" },
    ]);
  });

  it("WeCom: markdown message", () => {
    expect(renderWecomMarkdown(KITCHEN_SINK)).toEqual({
      msgtype: "markdown",
      markdown: {
        content:
          "## Go-live: Apollo 上线\n\n" +
          "# Status\n**Apollo** is on track: cut-over < 2h & rollback ready.\nSee [the plan](https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- *Training* done\n\n" +
          "**Owner**: Alice 张伟\n**Due**: 2026-12-01\n\n" +
          '**Done**: `task done T-42`\n**Cancel go-live**: `golive cancel --reason "scope change"`\n\n' +
          "🖼 Burn-down chart",
      },
    });
  });

  it("DingTalk and WeCom: the chart is a part of its own, sent as an image message with the uploaded media_id", () => {
    for (const caps of [dingtalkCapabilities({ cardTemplate: true, sceneGroupTemplate: false }), wecomCapabilities]) {
      const parts = degrade(KITCHEN_SINK, caps).parts;
      expect(parts.at(-1)?.blocks).toEqual([{ type: "image", png: CHART, alt: "Burn-down chart", name: "burndown.png" }]);
      expect(parts.slice(0, -1).flatMap((p) => p.blocks).some((b) => b.type === "image")).toBe(false);
    }
    expect(renderDingtalkImage("@lADPD0chart")).toEqual({ msgKey: "sampleImageMsg", msgParam: '{"photoURL":"@lADPD0chart"}' });
    expect(renderWecomImage("3a8asd892asd8asd")).toEqual({ msgtype: "image", image: { media_id: "3a8asd892asd8asd" } });
  });

  it("WeCom: text message", () => {
    expect(renderWecomText(KITCHEN_SINK)).toEqual({ msgtype: "text", text: { content: KITCHEN_SINK_PLAIN } });
  });

  it("WeCom: button_interaction template card whose keys are the command lines", () => {
    expect(renderWecomTemplateCard(KITCHEN_SINK, { taskId: "golive-T42_1" })).toEqual({
      msgtype: "template_card",
      template_card: {
        card_type: "button_interaction",
        main_title: { title: "Go-live: Apollo 上线" },
        sub_title_text:
          "Status\nApollo is on track: cut-over < 2h & rollback ready.\nSee the plan (https://example.com/plan?a=1&b=2).\n- 数据迁移完成\n- Training done",
        horizontal_content_list: [{ keyname: "Owner", value: "Alice 张伟" }, { keyname: "Due", value: "2026-12-01" }],
        button_list: [{ text: "Done", style: 1, key: "task done T-42" }, { text: "Cancel go…", style: 3, key: CANCEL }],
        task_id: "golive-T42_1",
      },
    });
  });
});

describe("Slack limits", () => {
  it("60 text blocks stay within 50 blocks, keep the buttons and mark the cut", () => {
    const out = renderSlack(msg([...manyTextBlocks(60), buttons({ label: "Done", command: "task done T-1" })], { title: "T" }));
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks[0]?.type).toBe("header");
    expect(out.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ value: "task done T-1" }] });
    expect(out.blocks.at(-2)).toEqual({ type: "section", text: { type: "mrkdwn", text: "…" } });
  });

  it("10,000 characters split into sections of at most 3000 and stay under the cumulative budget", () => {
    for (const long of ["word ".repeat(2000), LONG_CJK]) {
      const out = renderSlack(msg([{ type: "text", markdown: long }]));
      const texts = out.blocks.flatMap((b: SlackBlock) => (b.type === "section" && "text" in b ? [b.text.text] : []));
      expect(texts.length).toBeGreaterThanOrEqual(3);
      for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
      expect(texts.join("").length).toBeLessThanOrEqual(10_000);
      expect(out.text.length).toBeLessThanOrEqual(40_000);
    }
  });

  it("cuts an 80-character label to 75 with an ellipsis, and a 150+ title to 150", () => {
    const out = renderSlack(msg([buttons({ label: "L".repeat(80), command: "x" })], { title: "T".repeat(200) }));
    expect(out.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: `${"T".repeat(149)}…` } });
    expect(out.blocks[1]).toMatchObject({ elements: [{ text: { text: `${"L".repeat(74)}…` } }] });
  });

  it("escapes &, < and > in text, fields and the fallback", () => {
    const out = renderSlack(msg([{ type: "text", markdown: TRICKY }, { type: "fields", fields: [{ label: "<b>", value: "a & b" }] }]));
    const escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;";
    expect(out.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: escaped } });
    expect(out.blocks[1]).toEqual({ type: "section", fields: [{ type: "mrkdwn", text: "*&lt;b&gt;*\na &amp; b" }] });
    expect(out.text).toBe(`${escaped}\n\n&lt;b&gt;: a &amp; b`);
  });

  it("carries a command line intact in the button value, with unique action ids", () => {
    const out = renderSlack(msg([buttons({ label: "A", command: ROUND_TRIP }), buttons({ label: "B", command: "b" })]));
    const els = out.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
    expect(els.map((e) => e.value)).toEqual([ROUND_TRIP, "b"]);
    expect(els.map((e) => e.action_id)).toEqual(["cmd_0", "cmd_1"]);
  });

  it("drops a button whose command exceeds the 2000-character value rather than changing the command", () => {
    const out = renderSlack(msg([buttons({ label: "Long", command: "x".repeat(2001) }, { label: "Ok", command: "ok" })]));
    expect(out.blocks).toEqual([
      { type: "actions", elements: [{ type: "button", action_id: "cmd_0", text: { type: "plain_text", text: "Ok" }, value: "ok" }] },
    ]);
  });
});

describe("Feishu limits", () => {
  const components = (node: unknown): number => {
    if (Array.isArray(node)) return node.reduce((n: number, x: unknown) => n + components(x), 0);
    if (node === null || typeof node !== "object") return 0;
    return ("tag" in node ? 1 : 0) + Object.values(node).reduce((n: number, x: unknown) => n + components(x), 0);
  };

  it("keeps 60 text blocks (well under 200 components)", () => {
    const c = feishuCard(msg(manyTextBlocks(60)));
    expect(c.body.elements).toHaveLength(60);
    expect(c.body.elements[59]).toEqual({ tag: "markdown", content: "Paragraph 59 ends here." });
  });

  it("300 text blocks are cut to ≤200 components, buttons kept, cut marked", () => {
    const c = feishuCard(msg([...manyTextBlocks(300), buttons({ label: "Done", command: "task done T-1" })], { title: "T" }));
    expect(components(c)).toBeLessThanOrEqual(200);
    expect(c.body.elements.at(-1)?.tag).toBe("column_set");
    expect(c.body.elements.at(-2)).toEqual({ tag: "markdown", content: "…" });
  });

  it("10,000 Chinese characters fit the 30 KB card body", () => {
    const out = renderFeishu(msg([{ type: "text", markdown: LONG_CJK }]));
    expect(utf8(JSON.stringify(out))).toBeLessThanOrEqual(30_000);
    expect(markdownAt(feishuCard(msg([{ type: "text", markdown: LONG_CJK }])), 0)?.endsWith("…")).toBe(true);
  });

  it("keeps an 80-character label (limit 100) and cuts a 120-character one to 100", () => {
    const c = feishuCard(msg([buttons({ label: "L".repeat(80), command: "a" }, { label: "M".repeat(120), command: "b" })]));
    expect(feishuButtons(c).map((b) => b.text.content)).toEqual(["L".repeat(80), `${"M".repeat(99)}…`]);
  });

  it("neutralises tags such as <at id=all> in text but keeps quotes", () => {
    const c = feishuCard(msg([{ type: "text", markdown: "<at id=all></at> & <b>x</b>\n> quoted <i>" }]));
    expect(markdownAt(c, 0)).toBe("&#60;at id=all&#62;&#60;/at&#62; & &#60;b&#62;x&#60;/b&#62;\n> quoted &#60;i&#62;");
    const text = parse<{ text: string }>(renderFeishuText(msg([{ type: "text", markdown: '<at user_id="all"></at> hi' }])).content);
    expect(text.text).toBe('‹at user_id="all">‹/at> hi');
  });

  it("carries a command line intact through the JSON-string content", () => {
    const c = feishuCard(msg([buttons({ label: "A", command: ROUND_TRIP })]));
    expect(feishuButtons(c)[0]?.behaviors).toEqual([{ type: "callback", value: { command: ROUND_TRIP } }]);
  });

  it("shows an image by the image_key its upload returned; an image not uploaded shows its alt text", () => {
    const other = tinyPng(2, 2, [200, 0, 0]);
    const m = msg([{ type: "image", png: CHART, alt: "Chart" }, { type: "image", png: other, alt: "A" }]);
    expect(parse<FeishuCard>(renderFeishu(m, { images: FEISHU_KEY }).content).body.elements).toEqual([
      { tag: "img", img_key: "img_v3_0chart", alt: { tag: "plain_text", content: "Chart" } },
      { tag: "markdown", content: "A" },
    ]);
  });
});

describe("DingTalk limits", () => {
  const param = (m: OutboundMessage) => parse<{ title: string; text: string }>(renderDingtalkMarkdown(m).msgParam);

  it("60 text blocks stay within 5000 characters, cut at a block boundary with …", () => {
    const many = msg(Array.from({ length: 60 }, (_, i) => ({ type: "text", markdown: `${"段落".repeat(50)} ${i} ends here.` }) satisfies Block));
    const { text } = param(many);
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(text.endsWith("\n\n…")).toBe(true);
    expect(text.slice(0, -3)).toMatch(/\d+ ends here\.$/);
  });

  it("10,000 characters are cut to 5000 in both the markdown message and the card", () => {
    expect(param(msg([{ type: "text", markdown: LONG_CJK }])).text.length).toBeLessThanOrEqual(5000);
    expect(renderDingtalkCardData(msg([{ type: "text", markdown: LONG_CJK }])).cardParamMap.markdown.length).toBeLessThanOrEqual(5000);
  });

  it("cuts an 80-character label to the card template's 20", () => {
    expect(cardButtons(msg([buttons({ label: "L".repeat(80), command: "x" })]))).toEqual([{ text: `${"L".repeat(19)}…`, command: "x", style: "default" }]);
  });

  it("always has a title: the message title, else the first text line, else a locale word", () => {
    expect(param(msg([{ type: "text", markdown: "## **Weekly** digest\nmore" }])).title).toBe("Weekly digest");
    expect(param(msg([], { locale: "zh-CN" })).title).toBe("通知");
    expect(param(msg([{ type: "divider" }])).title).toBe("Notification");
  });

  it("keeps a command line intact in the card buttons and in the markdown fallback", () => {
    const m = msg([buttons({ label: "A", command: ROUND_TRIP })]);
    expect(cardButtons(m)[0]?.command).toBe(ROUND_TRIP);
    expect(param(m).text).toContain(`- **A**: ${ROUND_TRIP}`);
  });
});

describe("WeCom limits", () => {
  it("60 text blocks: markdown ≤ 2048 bytes, cut at a block boundary with …", () => {
    const { content } = renderWecomMarkdown(msg(manyTextBlocks(60, ` ${"进度".repeat(10)}`))).markdown;
    expect(utf8(content)).toBeLessThanOrEqual(2048);
    expect(content).toMatch(/Paragraph \d+ (进度)+ ends here\.\n…$/);
  });

  it("10,000 Chinese characters: markdown and text ≤ 2048 bytes", () => {
    const m = msg([{ type: "text", markdown: LONG_CJK }]);
    const md = renderWecomMarkdown(m).markdown.content;
    expect([utf8(md), utf8(renderWecomText(m).text.content)].every((n) => n <= 2048 && n > 2000)).toBe(true);
    expect(md.endsWith("…")).toBe(true);
  });

  it("cuts an 80-character label to 10 and respects the card's list lengths", () => {
    const fields = Array.from({ length: 8 }, (_, i) => ({ label: i === 0 ? "Deadline" : `F${i}`, value: `v${i}` }));
    const list = Array.from({ length: 8 }, (_, i): Button => ({ label: i === 0 ? "L".repeat(80) : `B${i}`, command: `cmd ${i}` }));
    const card = renderWecomTemplateCard(msg([{ type: "fields", fields }, buttons(...list)], { title: "T" }), { taskId: "t" }).template_card;
    expect(card.button_list).toHaveLength(6);
    expect(card.button_list[0]).toEqual({ text: `${"L".repeat(9)}…`, style: 2, key: "cmd 0" });
    expect(card.horizontal_content_list).toHaveLength(6);
    expect(card.horizontal_content_list[0]).toEqual({ keyname: "Dead…", value: "v0" });
    expect(card.sub_title_text).toBe("F6: v6\nF7: v7");
  });

  it("keeps a command line intact as the button key; drops repeated or over-long keys", () => {
    const card = renderWecomTemplateCard(
      msg([buttons({ label: "A", command: ROUND_TRIP }, { label: "B", command: ROUND_TRIP }, { label: "C", command: "上".repeat(342) })]),
      { taskId: "task:42/x" },
    ).template_card;
    expect(card.button_list).toEqual([{ text: "A", style: 2, key: ROUND_TRIP }]);
    expect(card.task_id).toBe("task_42_x");
  });
});

describe("capabilities agree with the renderers", () => {
  const label = (n: number) => "x".repeat(n);
  const cases = [
    ["slack", slackCapabilities.buttons, (l: string) => renderSlack(msg([buttons({ label: l, command: "c" })])).blocks[0]],
    ["feishu", feishuCapabilities.buttons, (l: string) => feishuCard(msg([buttons({ label: l, command: "c" })]))],
    ["dingtalk", dingtalkCapabilities({ cardTemplate: true, sceneGroupTemplate: false }).buttons, (l: string) => renderDingtalkCardData(msg([buttons({ label: l, command: "c" })]))],
    ["wecom", wecomCapabilities.buttons, (l: string) => renderWecomTemplateCard(msg([buttons({ label: l, command: "c" })]), { taskId: "t" })],
  ] as const;

  it.each(cases)("%s: a label of labelMax survives, labelMax + 1 is cut", (_name, caps, render) => {
    if (caps === false) throw new Error("expected buttons");
    expect(JSON.stringify(render(label(caps.labelMax)))).toContain(label(caps.labelMax));
    expect(JSON.stringify(render(label(caps.labelMax + 1)))).not.toContain(label(caps.labelMax));
  });

  it("DingTalk buttons and groups follow the configured templates; WeCom groups have no buttons", () => {
    expect(dingtalkCapabilities({ cardTemplate: false, sceneGroupTemplate: false })).toMatchObject({ buttons: false, createGroup: false });
    expect(dingtalkCapabilities({ cardTemplate: true, sceneGroupTemplate: true })).toMatchObject({ createGroup: true, editMessage: true });
    expect(wecomGroupCapabilities.buttons).toBe(false);
  });
});

describe("renderers never throw", () => {
  const odd: OutboundMessage[] = [
    { blocks: [] },
    { title: "", blocks: [{ type: "text", markdown: "" }, { type: "fields", fields: [] }, { type: "actions", buttons: [] }] },
    { title: "   ", blocks: [{ type: "text", markdown: "**" }, { type: "image", png: new Uint8Array(), alt: "" }], mentions: ["", "<>"] },
    { blocks: [{ type: "text", markdown: `${"😀".repeat(3000)}[x](` }, buttons({ label: "", command: "" })], fallbackText: "" },
    { title: "t".repeat(100_000), blocks: [{ type: "fields", fields: Array.from({ length: 500 }, () => ({ label: "", value: "&".repeat(50) })) }] },
  ];
  it.each(odd.map((m, i) => [i, m] as const))("odd message %i", (_i, m) => {
    const card = (x: OutboundMessage) => renderWecomTemplateCard(x, { taskId: "t" });
    for (const render of [renderFeishuText, renderDingtalkMarkdown, renderDingtalkCardData, renderWecomText, card]) {
      expect(() => render(m)).not.toThrow();
    }
    expect(renderSlack(m).blocks.length).toBeLessThanOrEqual(50);
    expect(utf8(renderFeishu(m).content)).toBeLessThanOrEqual(30_000);
    expect(utf8(renderWecomMarkdown(m).markdown.content)).toBeLessThanOrEqual(2048);
  });
});
