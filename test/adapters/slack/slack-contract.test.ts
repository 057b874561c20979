import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { decodeEventCallback } from "../../../adapters/slack/inbound.js";
import { createSlackAdapter } from "../../../adapters/slack/index.js";
import { renderSlack } from "../../../adapters/slack/render.js";
import { runAdapterContract, type ContractSubject } from "../contract.js";
import { decodeFixture, FIXTURE_BOT, fixtureText, RECEIVED_AT } from "./slack-fixtures.js";

const subject = (): ContractSubject => ({
  platform: "slack",
  adapter: createSlackAdapter({ botToken: "xoxb-contract", signingSecret: "secret", logger: pino({ level: "silent" }), apiUrl: "http://127.0.0.1:9/api/" }),
  renderers: [renderSlack],
  fixtures: [
    {
      name: "slash command /rollout help member list",
      decode: () => decodeFixture("slash-rollout.txt"),
      expected: { kind: "command", commandLine: "help member list", source: "slash", userId: "U2147483697", tenantId: "T061EG9R6", dedupeKey: "slash:13345224609.738474920.8088930838d88f008e0" },
    },
    {
      name: "slash shortcut /standup skip \"on leave\"",
      decode: () => decodeFixture("slash-standup.txt"),
      expected: { kind: "command", commandLine: 'standup skip "on leave"', source: "slash", userId: "U2147483697", tenantId: "T061EG9R6" },
    },
    {
      name: "slash command in an Enterprise Grid workspace: the tenant is the org",
      decode: () => decodeFixture("slash-task-enterprise.txt"),
      expected: { kind: "command", commandLine: "task done T-42", source: "slash", userId: "U2147483697", tenantId: "E0001" },
    },
    {
      name: "app_mention in a channel",
      decode: () => decodeFixture("event-app-mention.json"),
      expected: { kind: "message", text: "project show", mentionsBot: true, conversationKind: "group", userId: "U061F7AUR", tenantId: "T061EG9R6", dedupeKey: "msg:C0LAN2Q65:1515449522.000016" },
    },
    {
      name: "app_mention in a thread, with a person mentioned and an escaped ampersand",
      decode: () => decodeFixture("event-app-mention-thread.json"),
      expected: {
        kind: "message",
        text: "member role @U024BE7LH key_user & more",
        mentionsBot: true,
        conversationKind: "group",
        userId: "U061F7AUR",
        tenantId: "E0001",
        replyTo: { messageId: "1515449522.000016" },
      },
    },
    {
      name: "a thread reply in a channel without a mention: forwarded, naming the thread's parent",
      decode: () => decodeFixture("event-message-thread-reply.json"),
      expected: {
        kind: "message",
        text: "the leads import still fails for me",
        mentionsBot: false,
        conversationKind: "group",
        userId: "U061F7AUR",
        tenantId: "T061EG9R6",
        dedupeKey: "msg:C0LAN2Q65:1515449560.000500",
        // Slack names the parent's author (parent_user_id): feedback files a reply with the original author kept.
        replyTo: { messageId: "1515449522.000016", authorId: "U0LAN0Z89" },
      },
    },
    {
      name: "reaction_added on a message",
      decode: () => decodeFixture("event-reaction-added.json"),
      expected: { kind: "reaction", messageId: "1515449522.000016", emoji: "ticket", rawEmoji: "ticket", added: true, conversationId: "C0LAN2Q65", userId: "U061F7AUR", tenantId: "T061EG9R6", dedupeKey: "event:Ev0REACT01" },
    },
    {
      name: "reaction_removed, with a skin tone",
      decode: () => decodeFixture("event-reaction-removed.json"),
      expected: { kind: "reaction", messageId: "1515449522.000016", emoji: "+1", rawEmoji: "thumbsup::skin-tone-3", added: false, conversationId: "C0LAN2Q65", userId: "U061F7AUR", tenantId: "T061EG9R6" },
    },
    {
      name: "member_joined_channel",
      decode: () => decodeFixture("event-member-joined.json"),
      expected: { kind: "members_joined", userIds: ["W06GH7XHN"], conversationId: "C0698JE0H", userId: "U123456789", tenantId: "T061EG9R6", dedupeKey: "event:Ev0PV52K40" },
    },
    {
      name: "message.im with an auto-linked email",
      decode: () => decodeFixture("event-message-im.json"),
      expected: { kind: "message", text: "member add wu.lei@apollo.example --role key_user", mentionsBot: false, conversationKind: "direct", userId: "U2147483697", tenantId: "T061EG9R6" },
    },
    {
      name: "a CSV uploaded in a DM (message, subtype file_share) with no comment",
      decode: () => decodeFixture("event-message-im-file-share.json"),
      expected: {
        kind: "message",
        text: "",
        mentionsBot: false,
        conversationKind: "direct",
        userId: "U2147483697",
        tenantId: "T061EG9R6",
        dedupeKey: "msg:D024BE91L:1670631527.874149",
        attachments: [{ name: "raci-apollo.csv", ref: { fileId: "F04EEHX1EES", url: "https://files.slack.com/files-pri/T061EG9R6-F04EEHX1EES/download/raci-apollo.csv" } }],
      },
    },
    {
      name: "a file in a Slack Connect DM: only its id, to be looked up with files.info",
      decode: () => decodeFixture("event-message-file-check-info.json"),
      expected: {
        kind: "message",
        text: "raci import --dry-run",
        mentionsBot: false,
        conversationKind: "direct",
        userId: "U043H11ES4V",
        tenantId: "T061EG9R6",
        attachments: [{ name: "F0CONNECT01", ref: { fileId: "F0CONNECT01", mode: "file_access" } }],
      },
    },
    {
      name: "app_mention with a file in a channel",
      decode: () => decodeFixture("event-app-mention-file.json"),
      expected: {
        kind: "message",
        text: "raci import",
        mentionsBot: true,
        conversationKind: "group",
        userId: "U061F7AUR",
        tenantId: "T061EG9R6",
        attachments: [{ name: "raci.csv", ref: { fileId: "F0MENTION01", url: "https://files.slack.com/files-pri/T061EG9R6-F0MENTION01/download/raci.csv" } }],
      },
    },
    {
      name: "block_actions click",
      decode: () => decodeFixture("block-actions.json"),
      expected: { kind: "command", commandLine: "task done T-42", source: "button", userId: "U2147483697", tenantId: "T061EG9R6", dedupeKey: "action:12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3" },
    },
    {
      name: "view_submission of a stand-up form",
      decode: () => decodeFixture("view-submission.json"),
      expected: {
        kind: "command",
        commandLine: 'standup --yesterday “Migrated the "leads" table” --today “UAT scripts” --mood “good”',
        source: "form",
        userId: "U2147483697",
        tenantId: "T061EG9R6",
        dedupeKey: "view:VNHU13V36",
      },
    },
    { name: "an edited message is not a new command", decode: () => decodeFixture("event-message-changed.json"), expected: null },
    { name: "url_verification is not an event", decode: () => decodeFixture("url-verification.json"), expected: null },
  ],
  ownMessage: () => decodeFixture("event-bot-message.json"),
  click: { command: "task done T-42", decode: () => decodeFixture("block-actions.json") },
});

describe("Slack adapter", () => {
  runAdapterContract(subject);

  it("answers in the thread the mention came from, and in the form's conversation", () => {
    const threaded = decodeFixture("event-app-mention-thread.json");
    expect(threaded?.conversation).toEqual({ platform: "slack", tenantId: "E0001", conversationId: "C0LAN2Q65", kind: "group", threadId: "1515449522.000016" });
    const form = decodeFixture("view-submission.json");
    expect(form?.conversation).toEqual({ platform: "slack", tenantId: "T061EG9R6", conversationId: "C0LAN2Q65", kind: "group", threadId: "1515449522.000016" });
  });

  it("keeps a file's type and announced size, and no url where the event had none", () => {
    const shared = decodeFixture("event-message-im-file-share.json");
    expect(shared?.attachments).toEqual([{ name: "raci-apollo.csv", mimeType: "text/csv", size: 214, ref: { fileId: "F04EEHX1EES", url: "https://files.slack.com/files-pri/T061EG9R6-F04EEHX1EES/download/raci-apollo.csv" } }]);
    expect(decodeFixture("event-message-file-check-info.json")?.attachments?.[0]?.ref).toEqual({ fileId: "F0CONNECT01", mode: "file_access" });
  });

  it("still ignores edits, and the bot's own file posts", () => {
    const payload = JSON.parse(fixtureText("event-message-im-file-share.json")) as { event: Record<string, unknown> };
    const botPost = { ...payload, event: { ...payload.event, subtype: "bot_message", bot_id: "B0BOT" } };
    expect(decodeEventCallback(botPost, { botUserId: FIXTURE_BOT, receivedAt: RECEIVED_AT })).toBeNull();
    const fromBotUser = { ...payload, event: { ...payload.event, user: FIXTURE_BOT } };
    expect(decodeEventCallback(fromBotUser, { botUserId: FIXTURE_BOT, receivedAt: RECEIVED_AT })).toBeNull();
    const changed = { ...payload, event: { ...payload.event, subtype: "message_changed" } };
    expect(decodeEventCallback(changed, { botUserId: FIXTURE_BOT, receivedAt: RECEIVED_AT })).toBeNull();
  });

  it("keeps the trigger and response_url of commands and clicks as the reply handle", () => {
    const slash = decodeFixture("slash-rollout.txt");
    expect(slash?.reply).toEqual({
      kind: "slack",
      token: "13345224609.738474920.8088930838d88f008e0",
      url: "https://hooks.slack.com/commands/1234/5678",
      expiresAt: new Date(Date.parse(RECEIVED_AT) + 3000).toISOString(),
    });
    expect(decodeFixture("block-actions.json")?.reply?.token).toBe("12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3");
  });

  it("a DM slash command is a direct conversation, a channel one a group", () => {
    expect(decodeFixture("slash-standup.txt")?.conversation.kind).toBe("direct");
    expect(decodeFixture("slash-rollout.txt")?.conversation.kind).toBe("group");
  });

  it("ignores a message the bot user itself wrote even without a bot_id", () => {
    expect(decodeFixture("event-message-im.json", { botUserId: "U2147483697" })).toBeNull();
  });

  it("strips a leading mention from an app_mention when the bot's id is not known yet", () => {
    const event = decodeFixture("event-app-mention.json", { botUserId: undefined });
    expect(event?.kind === "message" && event.text).toBe("project show");
  });

  it("turns member_joined_channel into members_joined, and ignores the bot joining", () => {
    const joined = decodeFixture("event-member-joined.json");
    expect(joined).toMatchObject({ kind: "members_joined", userIds: ["W06GH7XHN"], dedupeKey: "event:Ev0PV52K40" });
    expect(decodeFixture("event-member-joined.json", { botUserId: "W06GH7XHN" })).toBeNull();
  });

  it("keys the same channel message alike whether it came as app_mention or message.channels", () => {
    const mention = decodeFixture("event-app-mention.json");
    const asChannelMessage = {
      type: "event_callback",
      team_id: "T061EG9R6",
      event_id: "Ev0OTHER",
      event: { type: "message", channel_type: "channel", user: "U061F7AUR", text: `<@${FIXTURE_BOT}> project show`, ts: "1515449522.000016", channel: "C0LAN2Q65" },
    };
    const fromChannel = decodeEventCallback(asChannelMessage, { botUserId: FIXTURE_BOT, receivedAt: RECEIVED_AT });
    expect(fromChannel?.dedupeKey).toBe(mention?.dedupeKey);
    expect(fromChannel?.kind === "message" && fromChannel.mentionsBot).toBe(true);
  });
});
