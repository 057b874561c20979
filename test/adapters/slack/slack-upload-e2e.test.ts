import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeSlackCall } from "../../helpers/fake-slack-api.js";
import { seedProjectWithPm } from "../../helpers/project-seed.js";
import { waitFor } from "../../helpers/wait.js";
import { dmEvent, HARNESS_BOT_TOKEN, slackPost, startSlackHarness, type SlackHarness } from "./slack-http.js";

// A RACI CSV uploaded in a DM, the whole way through: signed POST /slack/events (the file_share message), the
// dispatcher's waiting `raci import`, the adapter's download (url_private_download with the bot token on the fake),
// the import, and the answer as chat.postMessage in the DM.

const HEADER = "key,title,phase,due,R,A,C,I";
const CSV = [HEADER, ",Configure Slack lead routing,build,2030-06-30,U0SLMEMBER,zhang.min@apollo.example,,", ",Train the Slack sales team,training,2030-07-15,Li Wei;U0SLPM,U0SLPM,,"].join("\n");

describe("Slack: raci import, then a CSV file uploaded in the DM (Events API route, real runtime)", () => {
  let h: SlackHarness;
  let projectId = 0;
  let dms = 0;

  const newDm = (): string => `D0UPLOAD${++dms}`;
  const repliesIn = (channel: string): FakeSlackCall[] => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
  const nthReply = (channel: string, n: number) => waitFor(() => repliesIn(channel)[n - 1], { what: `reply ${n} in ${channel}` });
  const taskTitles = async (): Promise<string[]> =>
    (await h.test.runtime.database.db.selectFrom("tasks").select("title").where("project_id", "=", projectId).orderBy("id").execute()).map((r) => r.title);

  beforeAll(async () => {
    h = await startSlackHarness({ env: { DEMO_SEED: "false" } });
    projectId = await seedProjectWithPm(h.test.runtime.services, { platform: "slack", tenantRef: "T0TEAM" }, {
      pm: { name: "Zhang Min", email: "zhang.min@apollo.example", userId: "U0SLPM", locale: "en" },
      member: { name: "Li Wei", email: "li.wei@apollo.example", userId: "U0SLMEMBER", locale: "en" },
      project: { name: "Apollo Slack CRM", key: "sl-crm", timezone: "Europe/Berlin" },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the PM sends `raci import`, then uploads the CSV with no comment: the tasks are imported and the answer reaches the DM", async () => {
    const channel = newDm();
    expect((await slackPost(h.base, JSON.stringify(dmEvent("raci import", { user: "U0SLPM", channel })))).status).toBe(200);
    expect(String((await nthReply(channel, 1)).args.text)).toContain("upload the .csv file here");

    const file = h.fake.files.add(CSV, { name: "raci-apollo.csv", chunked: true });
    const downloadsBefore = h.fake.files.requests.length;
    expect((await slackPost(h.base, JSON.stringify(dmEvent("", { user: "U0SLPM", channel, files: [file] })))).status).toBe(200);
    const answer = await nthReply(channel, 2);
    expect(String(answer.args.text)).toMatch(/Imported .*Apollo Slack CRM.*2 new/i);
    expect(answer.authorization).toBe(`Bearer ${HARNESS_BOT_TOKEN}`);
    expect(await taskTitles()).toEqual(["Configure Slack lead routing", "Train the Slack sales team"]);

    const downloads = h.fake.files.requests.slice(downloadsBefore);
    expect(downloads.map((d) => [d.path, d.authorization])).toEqual([[`/files-pri/T0TEAM-${String(file.id)}/download/raci-apollo.csv`, `Bearer ${HARNESS_BOT_TOKEN}`]]);
    const audit = await h.test.runtime.database.db.selectFrom("audit_log").select("details").where("action", "=", "raci import").execute();
    expect(audit.map((r) => r.details)).toContainEqual(expect.objectContaining({ source: "upload", created: 2 }));
  });

  it("a CSV uploaded with `raci import --dry-run` as its comment is previewed in one message, writing nothing", async () => {
    const before = await taskTitles();
    const channel = newDm();
    const file = h.fake.files.add(`${HEADER}\n,Preview only,build,2030-09-01,U0SLMEMBER,U0SLPM,,\n`, { name: "preview.csv" });
    await slackPost(h.base, JSON.stringify(dmEvent("raci import --dry-run", { user: "U0SLPM", channel, files: [file] })));
    expect(String((await nthReply(channel, 1)).args.text)).toMatch(/^Dry run · Apollo Slack CRM: 1 new, 0 changed, 0 unchanged — nothing written/);
    expect(await taskTitles()).toEqual(before);
  });

  it("without files:read the PM is told why, nothing is written, and the import still takes the next good file", async () => {
    const before = await taskTitles();
    const channel = newDm();
    await slackPost(h.base, JSON.stringify(dmEvent("raci import", { user: "U0SLPM", channel })));
    await nthReply(channel, 1);

    h.fake.files.grantFilesRead(false);
    try {
      await slackPost(h.base, JSON.stringify(dmEvent("", { user: "U0SLPM", channel, files: [h.fake.files.add(CSV, { name: "denied.csv" })] })));
      expect(String((await nthReply(channel, 2)).args.text)).toContain("Slack did not let me read denied.csv");
    } finally {
      h.fake.files.grantFilesRead(true);
    }
    expect(await taskTitles()).toEqual(before);

    const late = h.fake.files.add(`${HEADER}\n,Slack cut-over rehearsal,cutover,2030-08-01,U0SLMEMBER,U0SLPM,,\n`, { name: "late.csv" });
    await slackPost(h.base, JSON.stringify(dmEvent("", { user: "U0SLPM", channel, files: [late] })));
    expect(String((await nthReply(channel, 3)).args.text)).toMatch(/Imported/i);
    expect(await taskTitles()).toEqual([...before, "Slack cut-over rehearsal"]);
  });
});
