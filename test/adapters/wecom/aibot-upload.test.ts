import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAibot, type FakeAibot } from "../../helpers/fake-wecom-aibot.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, testAdapter } from "./wecom-test-support.js";

// `raci import` with a CSV uploaded to the AI bot in a single chat, end to end: the official SDK's long connection
// against the fake, the real runtime, the download from the fake file host, the import, the answer over aibot_send_msg.

const BOT = { botId: "aibotid-rollout", secret: "aibot-secret" };
const PM = "zhaoliu";
const header = "key,title,phase,due,R,A,C,I";

describe("WeCom AI bot: a RACI CSV uploaded in a single chat", () => {
  let fakeApi: FakeWecomApi;
  let fakeBot: FakeAibot;
  let bot: TestRuntime;
  let pushed = 0;

  const says = (content: string, extra: Record<string, unknown> = {}): void =>
    fakeBot.push({ msgid: `up${++pushed}`, aibotid: BOT.botId, chattype: "single", from: { userid: PM }, msgtype: "text", text: { content }, ...extra });
  const reply = async (n: number, what: string, timeoutMs?: number): Promise<string> => {
    await waitFor(() => fakeBot.sent.length >= n, { what, ...(timeoutMs ? { timeoutMs } : {}) });
    const body = fakeBot.sent[n - 1];
    expect(body).toMatchObject({ chatid: PM, msgtype: "markdown" });
    const markdown = body?.markdown as { content?: unknown } | undefined;
    return typeof markdown?.content === "string" ? markdown.content : "";
  };
  const taskTitles = async (): Promise<string[]> => (await bot.runtime.database.db.selectFrom("tasks").select("title").orderBy("id").execute()).map((r) => r.title);

  beforeAll(async () => {
    fakeApi = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
    fakeBot = await startFakeAibot(BOT);
    bot = await startTestRuntime({ adapters: [testAdapter({ apiUrl: fakeApi.url, aibot: { ...BOT, wsUrl: fakeBot.url } })], env: { DEMO_SEED: "false" } });
    await fakeBot.authenticated();
    // The corp's first person may create a project, and becomes its PM.
    says('project create "Rollout 上线" --key rollout');
    // Room for a slow first answer on a loaded machine (fresh schema, first queue job).
    expect(await reply(1, "the project to be created", 30_000)).toContain("rollout");
  });
  afterAll(async () => {
    await bot?.close();
    await fakeBot?.close();
    await fakeApi?.close();
  });

  it("imports the CSV the PM uploads after `raci import`, and answers in the chat", async () => {
    says("raci import");
    expect(await reply(2, "the prompt to paste or upload")).toContain("上传 .csv 文件");
    const downloads = fakeBot.files.requests.length;
    fakeBot.pushFile({ from: PM, name: "raci.csv", content: `${header}\n,Configure lead scoring,build,2027-06-30,${PM},${PM},,\n,培训关键用户,training,2027-07-02,${PM},${PM},,\n` });
    expect(await reply(3, "the import's answer")).toMatch(/已导入 Rollout 上线：新增 2/);
    expect(await taskTitles()).toEqual(["Configure lead scoring", "培训关键用户"]);
    expect(fakeBot.files.requests.length).toBe(downloads + 1);
    expect(fakeApi.calls.filter((c) => c.path === "message/send")).toHaveLength(0);
  });

  it("says when the link has expired, keeps waiting, and imports the file uploaded again", async () => {
    says("raci import");
    await reply(4, "the prompt");
    fakeBot.pushFile({ from: PM, name: "late.csv", content: `${header}\n,Too late,build,2027-07-10,${PM},${PM},,\n`, ttlMs: -1 });
    expect(await reply(5, "the expired-link answer")).toContain("链接已过期");
    expect(await taskTitles()).not.toContain("Too late");
    fakeBot.pushFile({ from: PM, name: "again.csv", content: `${header}\n,Cut-over rehearsal,cutover,2027-07-20,${PM},${PM},,\n` });
    expect(await reply(6, "the import's answer")).toMatch(/已导入 Rollout 上线：新增 1/);
    expect(await taskTitles()).toContain("Cut-over rehearsal");
  });

  it("imports a file the PM quotes with `raci import --dry-run` as the text, writing nothing", async () => {
    const before = await taskTitles();
    const file = fakeBot.files.add({ name: "quoted.csv", content: `${header}\n,Quoted task,build,2027-08-01,${PM},${PM},,\n` });
    says("raci import --dry-run", { quote: { msgtype: "file", file } });
    expect(await reply(7, "the dry run's answer")).toMatch(/预览 · Rollout 上线：新增 1/);
    expect(await taskTitles()).toEqual(before);
  });

  it("tells the PM what to do with a file sent while no import waits for one", async () => {
    fakeBot.pushFile({ from: PM, name: "stray.csv", content: `${header}\n,Stray,build,2027-08-01,${PM},${PM},,\n` });
    expect(await reply(8, "the hint")).toContain("如要作为 RACI 矩阵导入，请先发送");
    expect(await taskTitles()).not.toContain("Stray");
  });
});
