import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feishuUuid } from "../../../adapters/feishu/outbound.js";
import type { FakeFeishuApi } from "../../helpers/fake-feishu-api.js";
import { encryptedBody, feishuFixture, FIXTURE_USER_OPEN_ID, postTo, signed, textMessage, withEvent } from "../../helpers/feishu-requests.js";
import { seedProjectWithPm } from "../../helpers/project-seed.js";
import { startFeishuWebhookRuntime } from "../../helpers/feishu-webhook-runtime.js";
import type { TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";

// A RACI CSV uploaded in a DM, the whole way: encrypted, signed im.message.receive_v1 events on the real HTTP route
// (a `file` message in the documented shape), the dispatcher's waiting `raci import`, the adapter's download
// (GET im/v1/messages/:message_id/resources/:file_key?type=file on the fake Open API), the import, and the answer
// posted back to the sender's open_id.

const ENCRYPT_KEY = "upload e2e encrypt key";
const MEMBER_OPEN_ID = "ou_lisi000000000000000000000000000";
const HEADER = "key,title,phase,due,R,A,C,I";

describe("Feishu: raci import, then a CSV file in the DM (webhook, real runtime)", () => {
  let api: FakeFeishuApi;
  let rt: TestRuntime;
  let url: string;
  let projectId = 0;
  let events = 0;

  const post = (envelope: unknown) => postTo(url, signed(encryptedBody(envelope, ENCRYPT_KEY), ENCRYPT_KEY));
  const fileMessage = (messageId: string, fileKey: string, fileName: string) => {
    const base = feishuFixture("message-p2p-file");
    const message = (base.event as Record<string, unknown>).message as Record<string, unknown>;
    return withEvent(base, { message: { ...message, message_id: messageId, content: JSON.stringify({ file_key: fileKey, file_name: fileName }) } }, { event_id: `ev_${messageId}` });
  };
  /** What the bot posted in answer to the event with this message_id (the card's JSON). */
  const answerTo = async (messageId: string): Promise<string> => {
    const row = await waitFor(
      async () => {
        const found = await rt.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "like", `reply:%${messageId}`).executeTakeFirst();
        return found?.status === "sent" ? found : undefined;
      },
      { what: `the answer to ${messageId}` },
    );
    const sent = api.callsTo("POST", "/im/v1/messages").filter((c) => c.body.uuid === feishuUuid(row.key));
    expect(sent.map((c) => [c.status, c.query.receive_id_type, c.body.receive_id])).toEqual([[200, "open_id", FIXTURE_USER_OPEN_ID]]);
    return String(sent[0]?.body.content);
  };
  const taskTitles = async (): Promise<string[]> =>
    (await rt.runtime.database.db.selectFrom("tasks").select("title").where("project_id", "=", projectId).orderBy("id").execute()).map((r) => r.title);
  const nextId = (): string => `om_upload_e2e_${++events}`;

  beforeAll(async () => {
    ({ api, rt, url } = await startFeishuWebhookRuntime(ENCRYPT_KEY));
    projectId = await seedProjectWithPm(rt.runtime.services, { platform: "feishu", tenantRef: api.tenant.tenant_key }, {
      pm: { name: "张敏", email: "zhang.min@apollo.example", userId: FIXTURE_USER_OPEN_ID, locale: "zh-CN" },
      member: { name: "李四", email: "li.si@apollo.example", userId: MEMBER_OPEN_ID, locale: "zh-CN" },
      project: { name: "飞书 CRM 上线", key: "fs-crm", timezone: "Asia/Shanghai" },
    });
  });
  afterAll(async () => {
    await rt?.close();
    await api?.close();
  });

  it("the PM sends `raci import`, then uploads the CSV: the tasks are imported and the answer reaches the DM", async () => {
    const ask = nextId();
    expect(await post(textMessage("raci import", { messageId: ask }))).toEqual({ status: 200, json: {} });
    expect(await answerTo(ask)).toContain("上传 .csv 文件");

    const upload = nextId();
    const csv = [HEADER, `,Migrate Feishu contacts,build,2030-06-30,${MEMBER_OPEN_ID},zhang.min@apollo.example,,`, ",Train the sales team,training,2030-07-15,李四;zhang.min@apollo.example,张敏,,"].join("\n");
    const fileKey = api.addFile(upload, csv, { name: "raci-crm.csv", contentType: "text/csv", chunked: true });
    expect(await post(fileMessage(upload, fileKey, "raci-crm.csv"))).toEqual({ status: 200, json: {} });
    expect(await answerTo(upload)).toMatch(/已导入 飞书 CRM 上线：新增 2/);
    expect(await taskTitles()).toEqual(["Migrate Feishu contacts", "Train the sales team"]);
    const downloads = api.callsTo("GET", `/im/v1/messages/${upload}/resources/*`);
    expect(downloads.map((c) => [c.path, c.query.type, c.status])).toEqual([[`/im/v1/messages/${upload}/resources/${fileKey}`, "file", 200]]);
    expect(downloads[0]?.token).toMatch(/^t-\d+$/);
    const audit = await rt.runtime.database.db.selectFrom("audit_log").select("details").where("action", "=", "raci import").execute();
    expect(audit.map((r) => r.details)).toContainEqual(expect.objectContaining({ source: "upload", created: 2 }));
  });

  it("a file the bot may not read is explained, and the import keeps waiting for a good one", async () => {
    const before = await taskTitles();
    const ask = nextId();
    await post(textMessage("raci import", { messageId: ask }));
    await answerTo(ask);

    const refused = nextId();
    const refusedKey = api.addFile(refused, `${HEADER}\n,Never imported,build,2030-08-01,${MEMBER_OPEN_ID},张敏,,\n`);
    api.fail("GET", `/im/v1/messages/${refused}/resources/*`, {
      status: 400,
      code: 99991672,
      msg: "Access denied. One of the following scopes is required: [im:message, im:message:readonly, im:message.history:readonly].",
    });
    await post(fileMessage(refused, refusedKey, "raci.csv"));
    expect(await answerTo(refused)).toContain("不允许我读取 raci.csv。机器人需要读取文件的权限");
    expect(await taskTitles()).toEqual(before);

    const good = nextId();
    const goodKey = api.addFile(good, `${HEADER}\n,Cut-over rehearsal,cutover,2030-08-01,${MEMBER_OPEN_ID},张敏,,\n`);
    await post(fileMessage(good, goodKey, "late.csv"));
    expect(await answerTo(good)).toMatch(/已导入/);
    expect(await taskTitles()).toEqual([...before, "Cut-over rehearsal"]);
  });
});
