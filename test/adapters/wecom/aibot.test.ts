import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomCrypto } from "../../../adapters/wecom/crypto.js";
import { aibotBodyToEvent } from "../../../adapters/wecom/inbound.js";
import { CryptoError } from "../../../src/core/crypto/crypto-error.js";
import { startFakeAibot, type FakeAibot } from "../../helpers/fake-wecom-aibot.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, jsonFixture, testAdapter } from "./wecom-test-support.js";

const BOT = { botId: "aibotid-rollout", secret: "aibot-secret" };

describe("WeCom AI bot over its long connection (official SDK against a local fake)", () => {
  let fakeApi: FakeWecomApi;
  let fakeBot: FakeAibot;
  let bot: TestRuntime;
  let pushed = 0;

  const groupText = (content: string, msgid = `m${++pushed}`) => ({
    msgid,
    aibotid: BOT.botId,
    chatid: "wrkSFfCgAAtest01",
    chattype: "group",
    from: { userid: "zhaoliu" },
    msgtype: "text",
    text: { content },
  });
  const markdownSent = (i: number): string => {
    const body = fakeBot.sent[i];
    const markdown = body?.markdown as { content?: unknown } | undefined;
    return typeof markdown?.content === "string" ? markdown.content : "";
  };

  beforeAll(async () => {
    fakeApi = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
    fakeBot = await startFakeAibot(BOT);
    const adapter = testAdapter({ apiUrl: fakeApi.url, aibot: { ...BOT, wsUrl: fakeBot.url } });
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
    await fakeBot.authenticated();
  });
  afterAll(async () => {
    await bot?.close();
    await fakeBot?.close();
    await fakeApi?.close();
  });

  it("answers a group @mention in the group, with markdown over aibot_send_msg", async () => {
    fakeBot.push(groupText("@RolloutBot whoami"));
    await waitFor(() => fakeBot.sent.length === 1, { what: "the reply in the group" });
    expect(fakeBot.sent[0]).toMatchObject({ chatid: "wrkSFfCgAAtest01", msgtype: "markdown" });
    expect(markdownSent(0)).toContain("你是 zhaoliu");
    expect(fakeApi.calls.filter((c) => c.path === "message/send" || c.path === "appchat/send")).toHaveLength(0);
  });

  it("offers buttons as numbered replies in the group, and '@bot 1' runs the first one", async () => {
    fakeBot.push(groupText("@RolloutBot whoam"));
    await waitFor(() => fakeBot.sent.length === 2, { what: "the did-you-mean reply" });
    expect(markdownSent(1)).toMatch(/请回复数字：\s*1\. whoami/);
    fakeBot.push(groupText("@RolloutBot 1"));
    await waitFor(() => fakeBot.sent.length === 3, { what: "the answer to the numbered reply" });
    expect(markdownSent(2)).toContain("whoami");
    expect(markdownSent(2)).not.toBe(markdownSent(1));
  });

  it("handles a redelivered msgid once", async () => {
    const once = groupText("@RolloutBot whoami", "dup-1");
    fakeBot.push(once);
    fakeBot.push(once);
    fakeBot.push(groupText("@RolloutBot whoami", "after-dup"));
    await waitFor(() => fakeBot.sent.length >= 5, { what: "two replies" });
    await bot.runtime.settle();
    expect(fakeBot.sent).toHaveLength(5);
  });
});

describe("WeCom AI bot JSON-callback crypto (HTTP mode: receive id is empty)", () => {
  const encodingAesKey = APP.encodingAesKey;
  const aibotCrypto = createWecomCrypto({ token: APP.token, encodingAesKey, receiveId: "" });

  it("decrypts a JSON body sealed with an empty receive id, which maps through the same inbound function", () => {
    const body = JSON.stringify(jsonFixture("aibot-group-text.json"));
    const { encrypt, msgSignature } = aibotCrypto.encrypt(body, { timestamp: "1767225900", nonce: "abc" });
    const plaintext = aibotCrypto.decrypt({ msgSignature, timestamp: "1767225900", nonce: "abc", encrypt });
    const event = aibotBodyToEvent(JSON.parse(plaintext), { corpId: APP.corpId, receivedAt: new Date().toISOString() });
    expect(event).toMatchObject({ kind: "message", text: "task done T-42", conversation: { kind: "group", conversationId: "aibot:wrkSFfCgAAtest01" } });
    const reply = aibotCrypto.jsonReply(JSON.stringify({ msgtype: "text", text: { content: "ok" } }), { timestamp: "1767225901", nonce: "n" });
    expect(Object.keys(reply).sort()).toEqual(["encrypt", "msgsignature", "nonce", "timestamp"]);
  });

  it("refuses a ciphertext carrying a corp id where the AI bot's empty receive id belongs, and vice versa", () => {
    const appCrypto = createWecomCrypto({ token: APP.token, encodingAesKey, receiveId: APP.corpId });
    const fromApp = appCrypto.encrypt("{}", { timestamp: "1", nonce: "n" });
    expect(() => aibotCrypto.decrypt({ msgSignature: fromApp.msgSignature, timestamp: "1", nonce: "n", encrypt: fromApp.encrypt })).toThrow(CryptoError);
    const fromBot = aibotCrypto.encrypt("{}", { timestamp: "1", nonce: "n" });
    expect(() => appCrypto.decrypt({ msgSignature: fromBot.msgSignature, timestamp: "1", nonce: "n", encrypt: fromBot.encrypt })).toThrow(/receive id/);
  });
});
