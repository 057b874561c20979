import type { AddressInfo } from "node:net";
import { createFeishuAdapter } from "../../adapters/feishu/index.js";
import { createLogger } from "../../src/logger.js";
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeFeishuApi, type FakeFeishuApi } from "./fake-feishu-api.js";
import { FIXTURE_TOKEN } from "./feishu-requests.js";
import { startTestRuntime, type TestRuntime } from "./test-runtime.js";

/**
 * The whole bot with the Feishu adapter in webhook mode: a fake Open API on 127.0.0.1 as FEISHU_DOMAIN, the real
 * HTTP server, no demo seed; `url` is its POST /feishu/events.
 */
export async function startFeishuWebhookRuntime(encryptKey: string): Promise<{ api: FakeFeishuApi; rt: TestRuntime; url: string }> {
  const api = await startFakeFeishuApi();
  const adapter = createFeishuAdapter({
    appId: FAKE_APP_ID,
    appSecret: FAKE_APP_SECRET,
    encryptKey,
    verificationToken: FIXTURE_TOKEN,
    mode: "http",
    domain: api.baseUrl,
    logger: createLogger("silent"),
  });
  const rt = await startTestRuntime({ adapters: [adapter], env: { PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false" } });
  const http = await rt.runtime.startHttp();
  return { api, rt, url: `http://127.0.0.1:${(http.server.address() as AddressInfo).port}/feishu/events` };
}
