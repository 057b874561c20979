import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDingtalkGateway, type FakeDingtalkGateway } from "../../helpers/fake-dingtalk.js";
import { startFakeDingtalkApi, type FakeDingtalkApi } from "../../helpers/fake-dingtalk-api.js";
import { seedProjectWithPm } from "../../helpers/project-seed.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, frameWith, testAdapter } from "./dingtalk-test-support.js";

// A RACI CSV uploaded in a 1:1 chat, the whole way through: Stream frames in (the documented file message), the
// dispatcher's waiting `raci import`, the adapter's download (messageFiles/download → temporary link on the storage
// host), the import, and the answer back through the message's session webhook on the fake API.

const CSV = ["key,title,phase,due,R,A,C,I", ",Migrate DingTalk contacts,build,2030-06-30,lisi02,zhang.san@corp.example,,", ",Train the sales team,training,2030-07-15,李四;zhangsan01,zhangsan01,,"].join("\n");

describe("DingTalk: raci import, then a CSV file in the DM (Stream mode, real runtime)", () => {
  let gateway: FakeDingtalkGateway;
  let api: FakeDingtalkApi;
  let bot: TestRuntime;
  let projectId = 0;
  let frames = 0;

  const dmFrame = (patch: Record<string, unknown>): { frame: Record<string, unknown>; session: string } => {
    frames++;
    const session = `upload-session-${frames}`;
    const frame = frameWith(patch.msgtype === "file" ? "robot-1to1-file" : "robot-1to1-text", `upload-frame-${frames}`, {
      msgId: `msg-upload-${frames}`,
      sessionWebhook: api.sessionUrl(session),
      sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
      ...patch,
    });
    return { frame, session };
  };
  const answerIn = (session: string) => waitFor(() => api.sends.find((s) => s.target === session), { what: `the answer in ${session}` });
  const taskTitles = async (): Promise<string[]> =>
    (await bot.runtime.database.db.selectFrom("tasks").select("title").where("project_id", "=", projectId).orderBy("id").execute()).map((r) => r.title);

  beforeAll(async () => {
    gateway = await startFakeDingtalkGateway({ clientId: APP.clientId, clientSecret: APP.clientSecret });
    api = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId });
    const adapter = testAdapter({ gatewayUrl: gateway.url, apiUrl: api.url, oapiUrl: api.url, stream: { reconnectInitialMs: 20, keepaliveMs: 0 } });
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
    projectId = await seedProjectWithPm(bot.runtime.services, { platform: "dingtalk", tenantRef: APP.corpId }, {
      pm: { name: "张三", email: "zhang.san@corp.example", userId: "zhangsan01", locale: "zh-CN" },
      member: { name: "李四", email: "li.si@corp.example", userId: "lisi02", locale: "zh-CN" },
      project: { name: "钉钉 CRM 上线", key: "dt-crm", timezone: "Asia/Shanghai" },
    });
  });
  afterAll(async () => {
    await bot?.close();
    await gateway?.close();
    await api?.close();
  });

  it("the PM sends `raci import`, then uploads the CSV: the tasks are imported and the answer reaches the DM", async () => {
    const ask = dmFrame({ text: { content: "raci import" } });
    gateway.push(ask.frame);
    expect((await answerIn(ask.session)).text).toContain("上传 .csv 文件");

    const downloadCode = api.addFile(CSV, { chunked: true });
    const upload = dmFrame({ msgtype: "file", content: { spaceId: "22357100573", fileName: "raci-crm.csv", downloadCode, fileId: "117458201848" } });
    gateway.push(upload.frame);
    const answer = await answerIn(upload.session);
    expect(answer.title).toMatch(/^已导入 钉钉 CRM 上线：新增 2/);
    expect(gateway.ackFor(String((upload.frame.headers as Record<string, unknown>).messageId))).toBeDefined();
    expect(await taskTitles()).toEqual(["Migrate DingTalk contacts", "Train the sales team"]);
    expect(api.fileDownloads.map((d) => d.downloadCode)).toEqual([downloadCode]);
    expect(api.storage.requests).toHaveLength(1);
    const audit = await bot.runtime.database.db.selectFrom("audit_log").select("details").where("action", "=", "raci import").execute();
    expect(audit.map((r) => r.details)).toContainEqual(expect.objectContaining({ source: "upload", created: 2 }));
  });

  it("a file whose download code has expired is explained, and the import keeps waiting for a good one", async () => {
    const before = await taskTitles();
    const ask = dmFrame({ text: { content: "raci import" } });
    gateway.push(ask.frame);
    await answerIn(ask.session);
    const stale = dmFrame({ msgtype: "file", content: { fileName: "old.csv", downloadCode: "an-expired-download-code" } });
    gateway.push(stale.frame);
    const explained = await answerIn(stale.session);
    expect(explained.text).toContain("old.csv：文件已不存在或链接已过期");
    expect(await taskTitles()).toEqual(before);

    const good = dmFrame({ msgtype: "file", content: { fileName: "late.csv", downloadCode: api.addFile("key,title,phase,due,R,A,C,I\n,Cut-over rehearsal,cutover,2030-08-01,lisi02,zhangsan01,,\n") } });
    gateway.push(good.frame);
    expect((await answerIn(good.session)).title).toMatch(/^已导入/);
    expect(await taskTitles()).toEqual([...before, "Cut-over rehearsal"]);
  });
});
