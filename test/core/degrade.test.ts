import { describe, expect, it } from "vitest";
import type { Capabilities } from "../../src/core/adapter.js";
import { cutLabel, degrade } from "../../src/core/degrade.js";
import { actions, button, divider, fields, image, text, type OutboundMessage } from "../../src/core/message.js";
import { basicMarkdown, stripMarkdown, toPlainText } from "../../src/core/plain-text.js";
import { tinyPng } from "../helpers/png.js";

const RICH: Capabilities = {
  buttons: { max: 5, labelMax: 40 },
  forms: true,
  markdown: "rich",
  editMessage: true,
  ephemeral: true,
  threads: true,
  createGroup: true,
  maxTextLength: 4000,
  rateLimits: [],
  reactions: false,
  images: "inline",
};
const caps = (overrides: Partial<Capabilities>): Capabilities => ({ ...RICH, ...overrides });

function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen; the test compares image bytes before and after instead.
  if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const taskCard = (): OutboundMessage => ({
  title: "T-42 Import legacy contacts",
  blocks: [text("Due **today**."), actions(button("Done", "task done T-42", "primary"), button("Snooze 1d", "task snooze T-42 1d"))],
});

describe("degrade: buttons", () => {
  it("turns every button into a numbered choice when the platform has none", () => {
    const { parts, choices } = degrade(taskCard(), caps({ buttons: false }));
    expect(parts).toHaveLength(1);
    const blocks = parts[0]?.blocks ?? [];
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
    expect(blocks.at(-1)).toEqual({ type: "text", markdown: "Reply with a number: 1. Done  2. Snooze 1d" });
    expect(choices).toEqual(["task done T-42", "task snooze T-42 1d"]);
  });

  it("words the numbered choices in zh-CN when the message is for a zh-CN reader", () => {
    const msg: OutboundMessage = { ...taskCard(), locale: "zh-CN", blocks: [actions(button("完成", "task done T-42"), button("推迟 1 天", "task snooze T-42 1d"))] };
    const { parts, choices } = degrade(msg, caps({ buttons: false }));
    expect(parts[0]?.blocks).toEqual([{ type: "text", markdown: "请回复数字： 1. 完成  2. 推迟 1 天" }]);
    expect(parts[0]?.locale).toBe("zh-CN");
    expect(choices).toEqual(["task done T-42", "task snooze T-42 1d"]);
  });

  it("numbers buttons from several action blocks continuously, in reading order", () => {
    const msg: OutboundMessage = { blocks: [actions(button("A", "a")), text("between"), actions(button("B", "b"), button("C", "c"))] };
    const { parts, choices } = degrade(msg, caps({ buttons: false }));
    expect(choices).toEqual(["a", "b", "c"]);
    expect(parts[0]?.blocks).toEqual([text("between"), text("Reply with a number: 1. A  2. B  3. C")]);
  });

  it("keeps the buttons that fit (labels cut with …) and numbers the rest", () => {
    const msg: OutboundMessage = {
      blocks: [actions(button("Done", "task done T-42", "primary"), button("Snooze 1d", "task snooze T-42 1d"), button("Skip", "task skip T-42"), button("Reassign", "task reassign T-42"))],
    };
    const { parts, choices } = degrade(msg, caps({ buttons: { max: 2, labelMax: 5 } }));
    expect(parts[0]?.blocks).toEqual([
      { type: "actions", buttons: [{ label: "Done", command: "task done T-42", style: "primary" }, { label: "Snoo…", command: "task snooze T-42 1d" }] },
      { type: "text", markdown: "Reply with a number: 1. Skip  2. Reassign" },
    ]);
    expect(choices).toEqual(["task skip T-42", "task reassign T-42"]);
  });

  it("offers no choices when every button fits", () => {
    const { parts, choices } = degrade(taskCard(), RICH);
    expect(choices).toEqual([]);
    expect(parts[0]?.blocks).toEqual(taskCard().blocks);
  });

  it("cutLabel counts code points and always marks the cut", () => {
    expect(cutLabel("完成这个任务吧", 4)).toBe("完成这…");
    expect(cutLabel("Done", 4)).toBe("Done");
    expect(cutLabel("Snooze", 1)).toBe("S…");
  });
});

describe("degrade: markdown", () => {
  const md = "# Weekly digest\n**Bold** and *italic* with `code`, ~~gone~~ and [the plan](https://x.test/plan)\n> quoted";

  it('"none" strips the markers and keeps link targets', () => {
    const { parts } = degrade({ blocks: [text(md), fields([["Owner", "**Anna**"]])] }, caps({ markdown: "none" }));
    expect(parts[0]?.blocks).toEqual([
      text("Weekly digest\nBold and italic with code, gone and the plan (https://x.test/plan)\nquoted"),
      fields([["Owner", "Anna"]]),
    ]);
  });

  it('"basic" turns headings into bold and drops strike-through, keeping the rest', () => {
    const { parts } = degrade({ blocks: [text(md)] }, caps({ markdown: "basic" }));
    expect(parts[0]?.blocks).toEqual([text("**Weekly digest**\n**Bold** and *italic* with `code`, gone and [the plan](https://x.test/plan)\n> quoted")]);
  });

  it('"rich" leaves markdown alone', () => {
    expect(degrade({ blocks: [text(md)] }, RICH).parts[0]?.blocks).toEqual([text(md)]);
  });

  it("stripMarkdown and basicMarkdown on their own", () => {
    expect(stripMarkdown("## Step 2\n- **ship** it\n```ts\nrun()\n```")).toBe("Step 2\n- ship it\nrun()\n");
    expect(basicMarkdown("### Risks\nnone")).toBe("**Risks**\nnone");
  });
});

describe("degrade: long text", () => {
  const lines = Array.from({ length: 40 }, (_, i) => `Line ${String(i + 1).padStart(2, "0")}: import batch ${i + 1} checked`);
  const long: OutboundMessage = {
    title: "Data migration report for Apollo",
    mentions: ["U1"],
    blocks: [text(lines.slice(0, 25).join("\n")), fields([["Owner", "Anna"], ["Due", "2026-12-01"]]), text(lines.slice(25).join("\n")), actions(button("Acknowledge", "ack report"))],
  };
  const max = 200;
  const { parts, choices } = degrade(long, caps({ maxTextLength: max, buttons: false }));

  it("splits into several parts, none longer than the limit", () => {
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect([...toPlainText(part)].length).toBeLessThanOrEqual(max);
      for (const block of part.blocks) if (block.type === "text") expect([...block.markdown].length).toBeLessThanOrEqual(max);
    }
  });

  it("puts the title and mentions on the first part only", () => {
    expect(parts[0]?.title).toBe(long.title);
    expect(parts[0]?.mentions).toEqual(["U1"]);
    for (const part of parts.slice(1)) {
      expect(part.title).toBeUndefined();
      expect(part.mentions).toBeUndefined();
    }
  });

  it("splits at line boundaries and loses nothing, in order", () => {
    const all = parts.map((p) => toPlainText(p)).join("\n\n");
    const allLines = all.split("\n");
    for (const line of lines) expect(allLines).toContain(line);
    const positions = lines.map((line) => all.indexOf(line));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(all).toContain("Owner: Anna\nDue: 2026-12-01");
    expect(allLines.at(-1)).toBe("Reply with a number: 1. Acknowledge");
    expect(choices).toEqual(["ack report"]);
  });

  it("each part carries its own plain-text fallback", () => {
    for (const part of parts) expect(part.fallbackText).toBe(toPlainText(part));
  });

  it("keeps the title within the limit when the text right after it is long", () => {
    const message: OutboundMessage = { title: "Weekly digest for Apollo", blocks: [text(lines.slice(0, 6).join("\n"))] };
    const out = degrade(message, caps({ maxTextLength: 80 })).parts;
    expect(out.length).toBeGreaterThan(1);
    for (const part of out) expect([...toPlainText(part)].length).toBeLessThanOrEqual(80);
    expect(out.map((p) => toPlainText(p)).join("\n").split("\n").filter((l) => l.startsWith("Line"))).toEqual(lines.slice(0, 6));
  });

  it("moves a block that does not fit the rest of a part to the next part, whole", () => {
    const message: OutboundMessage = { blocks: [text("a".repeat(90)), fields([["Owner", "Anna Schmidt"], ["Due", "2026-12-01"]])] };
    const out = degrade(message, caps({ maxTextLength: 100 })).parts;
    expect(out.map((p) => p.blocks)).toEqual([[text("a".repeat(90))], [fields([["Owner", "Anna Schmidt"], ["Due", "2026-12-01"]])]]);
  });

  it("cuts a single line longer than the limit without losing characters", () => {
    const line = "x".repeat(250);
    const out = degrade({ blocks: [text(line)] }, caps({ maxTextLength: 100 })).parts;
    expect(out.map((p) => (p.blocks[0]?.type === "text" ? p.blocks[0].markdown : "")).join("")).toBe(line);
    for (const part of out) expect([...toPlainText(part)].length).toBeLessThanOrEqual(100);
  });

  it("leaves a short message in one part with the caller's fallback text", () => {
    const out = degrade({ ...taskCard(), fallbackText: "T-42 due today" }, RICH).parts;
    expect(out).toHaveLength(1);
    expect(out[0]?.fallbackText).toBe("T-42 due today");
  });
});

describe("degrade is pure", () => {
  it("does not touch a deep-frozen input and gives the same output twice", () => {
    const input = deepFreeze({
      title: "Frozen",
      locale: "zh-CN" as const,
      blocks: [text("# Heading\n" + "word ".repeat(200)), actions(button("A very long label indeed", "a"), button("B", "b"), button("C", "c")), image(tinyPng(), "chart")],
    } satisfies OutboundMessage);
    const before = JSON.stringify(input);
    const bytes = Buffer.from(tinyPng());
    const tight = caps({ buttons: { max: 1, labelMax: 6 }, markdown: "none", maxTextLength: 300 });
    const first = degrade(input, tight);
    const second = degrade(input, tight);
    expect(JSON.stringify(input)).toBe(before);
    expect(Buffer.from((input.blocks[2] as { png: Uint8Array }).png)).toEqual(bytes);
    expect(second).toEqual(first);
    expect(first.choices).toEqual(["b", "c"]);
    expect(degrade(input, caps({ buttons: false })).choices).toEqual(["a", "b", "c"]);
  });
});

describe("toPlainText", () => {
  it("reduces a kitchen-sink message to readable text", () => {
    const sink: OutboundMessage = {
      title: "Go-live checklist",
      blocks: [
        text("## Status\n**3** of 5 done, see [the board](https://x.test/b)"),
        fields([["Phase", "*UAT*"], ["Go-live", "2026-12-01"]]),
        divider(),
        image(tinyPng(), "Burn-down chart"),
        actions(button("Approve", "golive approve"), button("Reject", "golive reject", "danger")),
        text(""),
      ],
    };
    expect(toPlainText(sink)).toBe(
      [
        "Go-live checklist",
        "Status\n3 of 5 done, see the board (https://x.test/b)",
        "Phase: UAT\nGo-live: 2026-12-01",
        "————————————",
        "🖼 Burn-down chart",
        "[Approve]  [Reject]",
      ].join("\n\n"),
    );
  });

  it("an untitled, empty message is the empty string", () => {
    expect(toPlainText({ blocks: [] })).toBe("");
  });
});

describe("images", () => {
  const chart = tinyPng(4, 3);
  const pie = tinyPng(2, 2, [250, 120, 0]);
  const digest = (): OutboundMessage => ({
    title: "Weekly digest",
    locale: "zh-CN",
    mentions: ["U1"],
    blocks: [text("Adoption is up."), image(chart, "Adoption by week", "adoption.png"), actions(button("Details", "digest show")), image(pie, "By module")],
  });

  it("inline: the image stays where it is, in the one part", () => {
    const { parts } = degrade(digest(), caps({ images: "inline" }));
    expect(parts).toHaveLength(1);
    expect(parts[0]?.blocks.map((b) => b.type)).toEqual(["text", "image", "actions", "image"]);
  });

  it("separate: each image becomes a part of its own after the rest, bytes, alt and name kept", () => {
    const { parts } = degrade(digest(), caps({ images: "separate" }));
    expect(parts.map((p) => p.blocks.map((b) => b.type))).toEqual([["text", "actions"], ["image"], ["image"]]);
    expect(parts[0]).toMatchObject({ title: "Weekly digest", mentions: ["U1"] });
    expect(parts[1]?.blocks[0]).toEqual({ type: "image", png: chart, alt: "Adoption by week", name: "adoption.png" });
    expect(parts[1]).toMatchObject({ locale: "zh-CN", fallbackText: "🖼 Adoption by week" });
    expect(parts[1]?.title).toBeUndefined();
  });

  it("separate: a message that is only an image is one image part", () => {
    const { parts } = degrade({ blocks: [image(chart, "Chart")] }, caps({ images: "separate" }));
    expect(parts).toEqual([{ blocks: [{ type: "image", png: chart, alt: "Chart" }], fallbackText: "🖼 Chart" }]);
  });

  it("none: the image becomes its alt text, worded in the reader's language", () => {
    const zh = degrade(digest(), caps({ images: "none" })).parts[0]?.blocks;
    expect(zh?.filter((b) => b.type === "text").map((b) => (b as { markdown: string }).markdown)).toEqual(["Adoption is up.", "图片：Adoption by week", "图片：By module"]);
    const en = degrade({ blocks: [image(chart, "Chart")], locale: "en" }, caps({ images: "none" })).parts[0]?.blocks;
    expect(en).toEqual([{ type: "text", markdown: "Image: Chart" }]);
  });
});
