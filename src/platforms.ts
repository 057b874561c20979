import type { Config } from "./config.js";
import type { ChatAdapter } from "./core/adapter.js";
import type { Logger } from "./logger.js";

/**
 * Creates the platform adapters the configuration turns on (composition: the only other file besides
 * main.ts that knows the adapters). Each platform's block reads only its own variables.
 */
export function createPlatformAdapters(config: Config, logger: Logger): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  void config;
  void logger;
  // slack: wired here by the Slack adapter (issue 3)
  // feishu: wired here by the Feishu adapter (issue 4)
  // dingtalk: wired here by the DingTalk adapter (issue 5)
  // wecom: wired here by the WeCom adapter (issue 6)
  return adapters;
}
