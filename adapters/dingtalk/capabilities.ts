import type { Capabilities } from "../../src/core/adapter.js";

/** Which optional DingTalk console artefacts this tenant has configured. */
export interface DingtalkCapabilityOptions {
  /** An interactive card template id (buttons need one: robot ActionCard buttons only open URLs). */
  cardTemplate: boolean;
  /** A scene-group template id (POST /v1.0/im/sceneGroups requires templateId). */
  sceneGroupTemplate: boolean;
}

/** What DingTalk shows and allows given the configured templates, read by the degrade step and the contract tests. */
export function dingtalkCapabilities(opts: DingtalkCapabilityOptions): Capabilities {
  return {
    // Interactive cards: https://open.dingtalk.com/document/orgapp/create-and-deliver-cards. Count and label length
    // are what our card template lays out, not a platform limit [unverified against the card platform].
    buttons: opts.cardTemplate ? { max: 6, labelMax: 20 } : false,
    forms: false,
    // sampleMarkdown subset (headings, bold, links, lists, images; no tables):
    // https://open.dingtalk.com/document/orgapp/robot-message-types-and-data-format
    markdown: "basic",
    editMessage: opts.cardTemplate, // only card instances can be updated: PUT /v1.0/card/instances
    ephemeral: false,
    threads: false,
    createGroup: opts.sceneGroupTemplate, // CreateSceneGroupConversation needs templateId
    maxTextLength: 5000, // no documented limit found; our conservative cap [unverified]
    // "20 calls/s per app per API" (90018 / QpsLimitForAppkeyAndApi):
    // https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server
    rateLimits: [{ scope: "platform", limit: 20, windowMs: 1000 }],
    // Neither the robot callback (https://open.dingtalk.com/document/orgapp/receive-message) nor the event
    // subscriptions (group events: chat_add_member, chat_update_title, …) tell an app about emoji reactions.
    reactions: false,
    // Our card template has no image variable and sampleMarkdown images need a public URL: each image is a
    // sampleImageMsg of its own (robot-message-types-and-data-format).
    images: "separate",
  };
}
