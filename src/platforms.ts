import type { Config } from "./config.js";
import type { ChatAdapter } from "./core/adapter.js";
import type { Logger } from "./logger.js";
import { createWecomAdapter } from "../adapters/wecom/index.js";
import { createFeishuAdapter } from "../adapters/feishu/index.js";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { createDingtalkAdapter } from "../adapters/dingtalk/index.js";

/**
 * Creates the platform adapters the configuration turns on (composition: the only other file besides
 * main.ts that knows the adapters). Each platform's block reads only its own variables.
 */
export function createPlatformAdapters(config: Config, logger: Logger): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  void config;
  void logger;
  if (config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN)) {
    // slack (issue 3): the bot token plus a way in — the signing secret (Request URL) and/or an app token (Socket Mode).
    adapters.push(
      createSlackAdapter({
        botToken: config.SLACK_BOT_TOKEN,
        ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
        ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL, redisPrefix: config.REDIS_PREFIX } : {}),
        logger: logger.child({ platform: "slack" }),
      }),
    );
  } else if (config.SLACK_BOT_TOKEN || config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN) {
    throw new Error("Slack is only partly configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Request URL) or SLACK_APP_TOKEN (Socket Mode)");
  }
  if (config.FEISHU_APP_ID && config.FEISHU_APP_SECRET) {
    // feishu (issue 4): FEISHU_APP_ID and FEISHU_APP_SECRET turn it on; FEISHU_MODE picks webhook or long connection.
    adapters.push(
      createFeishuAdapter({
        appId: config.FEISHU_APP_ID,
        appSecret: config.FEISHU_APP_SECRET,
        ...(config.FEISHU_ENCRYPT_KEY ? { encryptKey: config.FEISHU_ENCRYPT_KEY } : {}),
        ...(config.FEISHU_VERIFICATION_TOKEN ? { verificationToken: config.FEISHU_VERIFICATION_TOKEN } : {}),
        ...(config.FEISHU_TENANT_KEY ? { tenantKey: config.FEISHU_TENANT_KEY } : {}),
        mode: config.FEISHU_MODE,
        domain: config.FEISHU_DOMAIN,
        logger,
      }),
    );
  } else if (config.FEISHU_APP_ID || config.FEISHU_APP_SECRET) {
    throw new Error("Feishu is only partly configured: set both FEISHU_APP_ID and FEISHU_APP_SECRET (or neither)");
  }
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET) {
    // dingtalk (issue 5): client id and secret turn it on; DINGTALK_MODE picks Stream (default) or the HTTP robot callback.
    if (Boolean(config.DINGTALK_EVENT_TOKEN) !== Boolean(config.DINGTALK_EVENT_AES_KEY)) throw new Error("DingTalk events: set both DINGTALK_EVENT_TOKEN and DINGTALK_EVENT_AES_KEY, or neither");
    adapters.push(
      createDingtalkAdapter({
        clientId: config.DINGTALK_CLIENT_ID,
        clientSecret: config.DINGTALK_CLIENT_SECRET,
        mode: config.DINGTALK_MODE,
        ...(config.DINGTALK_ROBOT_CODE ? { robotCode: config.DINGTALK_ROBOT_CODE } : {}),
        ...(config.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: config.DINGTALK_CARD_TEMPLATE_ID } : {}),
        ...(config.DINGTALK_SCENE_GROUP_TEMPLATE_ID ? { sceneGroupTemplateId: config.DINGTALK_SCENE_GROUP_TEMPLATE_ID } : {}),
        ...(config.DINGTALK_CORP_ID ? { corpId: config.DINGTALK_CORP_ID } : {}),
        ...(config.DINGTALK_API_URL ? { apiUrl: config.DINGTALK_API_URL } : {}),
        ...(config.DINGTALK_OAPI_URL ? { oapiUrl: config.DINGTALK_OAPI_URL } : {}),
        ...(config.DINGTALK_GATEWAY_URL ? { gatewayUrl: config.DINGTALK_GATEWAY_URL } : {}),
        ...(config.DINGTALK_EVENT_TOKEN && config.DINGTALK_EVENT_AES_KEY ? { eventCallback: { token: config.DINGTALK_EVENT_TOKEN, aesKey: config.DINGTALK_EVENT_AES_KEY } } : {}),
        logger: logger.child({ platform: "dingtalk" }),
      }),
    );
  } else if (config.DINGTALK_CLIENT_ID || config.DINGTALK_CLIENT_SECRET) {
    throw new Error("DingTalk is only partly configured: set both DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (or neither)");
  }
  {
    // wecom (issue 6): the self-built app when its five variables are set; the AI bot too when its id and secret are.
    const app = { WECOM_CORP_ID: config.WECOM_CORP_ID, WECOM_AGENT_ID: config.WECOM_AGENT_ID, WECOM_SECRET: config.WECOM_SECRET, WECOM_TOKEN: config.WECOM_TOKEN, WECOM_ENCODING_AES_KEY: config.WECOM_ENCODING_AES_KEY };
    const missing = Object.entries(app).filter(([, value]) => !value).map(([name]) => name);
    const { WECOM_CORP_ID: corpId, WECOM_AGENT_ID: agentId, WECOM_SECRET: secret, WECOM_TOKEN: token, WECOM_ENCODING_AES_KEY: encodingAesKey } = app;
    if (corpId && agentId && secret && token && encodingAesKey) {
      if (Boolean(config.WECOM_AIBOT_ID) !== Boolean(config.WECOM_AIBOT_SECRET)) throw new Error("WeCom AI bot: set both WECOM_AIBOT_ID and WECOM_AIBOT_SECRET, or neither");
      const aibot = config.WECOM_AIBOT_ID && config.WECOM_AIBOT_SECRET
        ? { botId: config.WECOM_AIBOT_ID, secret: config.WECOM_AIBOT_SECRET, ...(config.WECOM_AIBOT_WS_URL ? { wsUrl: config.WECOM_AIBOT_WS_URL } : {}) }
        : undefined;
      adapters.push(
        createWecomAdapter({
          corpId, agentId, secret, token, encodingAesKey,
          ...(config.WECOM_API_URL ? { apiUrl: config.WECOM_API_URL } : {}),
          ...(aibot ? { aibot } : {}),
          rateWindowScale: config.WECOM_RATE_WINDOW_SCALE,
          logger: logger.child({ platform: "wecom" }),
        }),
      );
    } else if (missing.length < Object.keys(app).length) {
      throw new Error(`WeCom is only partly configured: set ${missing.join(", ")} too (or unset the other WECOM_* variables)`);
    }
  }
  return adapters;
}
