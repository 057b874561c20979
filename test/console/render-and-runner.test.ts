import { PassThrough } from "node:stream";
import { finished } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { renderConsoleCard } from "../../adapters/console/render-text.js";
import { runConsole } from "../../adapters/console/runner.js";
import type { ConsoleSession } from "../../adapters/console/session.js";
import { tinyPng } from "../helpers/png.js";
import { actions, button, divider, fields, image, text, type OutboundMessage } from "../../src/core/message.js";

describe("renderConsoleCard", () => {
  const card: OutboundMessage = {
    title: "Apollo CRM 上线",
    blocks: [
      text("Phase **UAT**\n12 days to go"),
      fields([["PM", "Anna"], ["Sponsor", "张伟"]]),
      actions(button("Members", "member list"), button("Teams", "team list")),
      divider(),
      actions(button("Change phase", "project phase"), button("Go-live", "project golive"), button("Help", "help")),
      image(tinyPng(), "Burn-down"),
    ],
  };

  it("draws the title, text lines, fields, dividers, buttons and images in order", () => {
    expect(renderConsoleCard(card).split("\n")).toEqual([
      "┌─ Apollo CRM 上线",
      "│ Phase **UAT**",
      "│ 12 days to go",
      "│ PM: Anna",
      "│ Sponsor: 张伟",
      "│ [1] Members   [2] Teams",
      "├────",
      "│ [3] Change phase   [4] Go-live   [5] Help",
      "│ 🖼  Burn-down",
      "└─",
    ]);
  });

  it("keeps every line of a multi-line field value inside the box", () => {
    const lines = renderConsoleCard({ blocks: [fields([["Questions", "1. Yesterday?\n2. Today?"]])] }).split("\n");
    expect(lines).toEqual(["┌─", "│ Questions: 1. Yesterday?", "│   2. Today?", "└─"]);
  });

  it("numbers buttons 1..n continuously across action blocks", () => {
    const numbers = [...renderConsoleCard(card).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
  });

  it("draws an untitled card with an open top", () => {
    expect(renderConsoleCard({ blocks: [text("hi")] })).toBe("┌─\n│ hi\n└─");
  });
});

interface FakeSession {
  lines: string[];
  line(raw: string): Promise<"quit" | void>;
  prompt(): string;
}

/** A session that records lines; `onLine` decides what each line does. */
function fakeSession(onLine: (raw: string) => "quit" | void = () => undefined): FakeSession {
  const lines: string[] = [];
  return {
    lines,
    async line(raw) {
      lines.push(raw);
      return onLine(raw);
    },
    prompt: () => "anna> ",
  };
}

function script(...lines: string[]): PassThrough {
  const input = new PassThrough();
  input.end(lines.map((l) => `${l}\n`).join(""));
  return input;
}

/** An output stream; `text()` ends it and resolves with everything written. */
function sink(): { output: PassThrough; text(): Promise<string> } {
  const output = new PassThrough();
  let written = "";
  output.setEncoding("utf8").on("data", (chunk: string) => (written += chunk));
  return {
    output,
    async text() {
      output.end();
      await finished(output);
      return written;
    },
  };
}

const asSession = (fake: FakeSession): ConsoleSession => fake as unknown as ConsoleSession;

describe("runConsole (script mode)", () => {
  it("echoes each line after \"> \", hands every line to the session, and returns 0", async () => {
    const session = fakeSession();
    const out = sink();
    const code = await runConsole(asSession(session), { input: script("help", "project show", "member list"), output: out.output, interactive: false, crashes: () => 0 });
    expect(code).toBe(0);
    expect(session.lines).toEqual(["help", "project show", "member list"]);
    const printed = await out.text();
    expect(printed).toBe("\n> help\n\n> project show\n\n> member list\n");
    expect(printed).not.toContain("anna> ");
  });

  it("does not echo blank lines but still hands them over", async () => {
    const session = fakeSession();
    const out = sink();
    const code = await runConsole(asSession(session), { input: script("help", "", "whoami"), output: out.output, interactive: false, crashes: () => 0 });
    expect(code).toBe(0);
    expect(session.lines).toEqual(["help", "", "whoami"]);
    expect(await out.text()).toBe("\n> help\n\n> whoami\n");
  });

  it("returns 1 and prints \"! message\" when a line throws, and goes on with the next lines", async () => {
    const session = fakeSession((raw) => {
      if (raw === "boom") throw new Error("database went away");
    });
    const out = sink();
    const code = await runConsole(asSession(session), { input: script("help", "boom", "whoami"), output: out.output, interactive: false, crashes: () => 0 });
    expect(code).toBe(1);
    expect(await out.text()).toContain("\n> boom\n! database went away\n");
    expect(session.lines).toEqual(["help", "boom", "whoami"]);
  });

  it("stops reading at :quit", async () => {
    const session = fakeSession((raw) => (raw === ":quit" ? "quit" : undefined));
    const out = sink();
    const code = await runConsole(asSession(session), { input: script("help", ":quit", "project show", "member list"), output: out.output, interactive: false, crashes: () => 0 });
    expect(code).toBe(0);
    expect(session.lines).toEqual(["help", ":quit"]);
    expect(await out.text()).not.toContain("project show");
  });

  it("returns 1 when the crash counter went up during the run", async () => {
    let crashes = 4;
    const session = fakeSession((raw) => {
      if (raw === "member list") crashes++;
    });
    const code = await runConsole(asSession(session), { input: script("help", "member list", "whoami"), output: sink().output, interactive: false, crashes: () => crashes });
    expect(code).toBe(1);
    expect(session.lines).toEqual(["help", "member list", "whoami"]);
  });

  it("returns 0 when crashes happened before the run but not during it", async () => {
    const code = await runConsole(asSession(fakeSession()), { input: script("help"), output: sink().output, interactive: false, crashes: () => 7 });
    expect(code).toBe(0);
  });
});

describe("runConsole (terminal): a pasted block is one message", () => {
  it("lines that arrive in one chunk reach the session together; separately typed lines and meta-commands stay apart", async () => {
    const session = fakeSession();
    const out = sink();
    const input = new PassThrough();
    const running = runConsole(asSession(session), { input, output: out.output, interactive: true, crashes: () => 0 });
    input.write("raci import --dry-run\n");
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
    input.write("key,title,R,A\n,Kick-off,liuyang,lina\n,Train,anna,lina\n");
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    input.write(":as anna\n:dm\n");
    await new Promise((r) => setImmediate(r));
    input.end();
    expect(await running).toBe(0);
    expect(session.lines).toEqual(["raci import --dry-run", "key,title,R,A\n,Kick-off,liuyang,lina\n,Train,anna,lina", ":as anna", ":dm"]);
    await out.text();
  });
});
