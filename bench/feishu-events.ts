import { pino } from "pino";
import { createFeishuAdapter } from "../adapters/feishu/index.js";
import { readConfig } from "../src/config.js";
import { createRuntime } from "../src/main.js";
import { dropSchema } from "../test/helpers/cleanup.js";
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeFeishuApi } from "../test/helpers/fake-feishu-api.js";
import { encryptedBody, FIXTURE_TOKEN, signed, textMessage } from "../test/helpers/feishu-requests.js";
import { percentile, timed } from "./latency.js";
import { benchSchemaName } from "./run-names.js";

// Feishu wants 200 within 3 s and re-pushes otherwise: how long does POST /feishu/events take to answer an encrypted,
// signed event (verify on the raw bytes, decrypt, check the token, decode, dedupe + enqueue), against GET /healthz on
// the same server in the same run? The events are group messages without @bot, so the ack path is what is measured.
const ENCRYPT_KEY = "bench encrypt key";

/** The Feishu webhook's ack latency (mean, p99) and its ratio to a /healthz round trip. */
export async function benchFeishuEvents(iterations = Number(process.env.BENCH_ITERATIONS ?? 200)): Promise<Record<string, number | string>> {
  const fake = await startFakeFeishuApi();
  const config = readConfig({ LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false", DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const adapter = createFeishuAdapter({
    appId: FAKE_APP_ID,
    appSecret: FAKE_APP_SECRET,
    encryptKey: ENCRYPT_KEY,
    verificationToken: FIXTURE_TOKEN,
    mode: "http",
    domain: fake.baseUrl,
    logger: pino({ level: "silent" }),
  });
  const schema = benchSchemaName("db");
  const runtime = await createRuntime({ config: config.config, adapters: [adapter], db: { memory: true, schema } });
  try {
    const http = await runtime.startHttp();
    const address = http.server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/feishu/events`;
    const runId = Date.now().toString(36);
    const bodies = Array.from({ length: iterations + 20 }, (_, i) => encryptedBody(textMessage("lunch at 12?", { messageId: `om_bench_${runId}_${i}`, chatType: "group" }), ENCRYPT_KEY));
    const postOne = (i: number) => {
      const body = bodies[i];
      if (!body) throw new Error("no payload");
      const request = signed(body, ENCRYPT_KEY);
      return fetch(url, { method: "POST", headers: request.headers, body: request.body });
    };
    await timed(20, (i) => postOne(iterations + i)); // warm-up
    const baseline = await timed(iterations, () => fetch(url.replace("/feishu/events", "/healthz")));
    const acks = await timed(iterations, postOne);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    await runtime.settle();
    return {
      bench: "feishu-events",
      database: runtime.database.kind,
      queue: runtime.queue.driver,
      iterations,
      "ack ms (mean)": +mean(acks).toFixed(3),
      "ack ms (p99)": +percentile(acks, 99).toFixed(3),
      "healthz ms (mean)": +mean(baseline).toFixed(3),
      "ratio ack / healthz (mean)": +(mean(acks) / mean(baseline)).toFixed(1),
      "p99 share of Feishu's 3 s deadline": +(percentile(acks, 99) / 3000).toFixed(4),
    };
  } finally {
    await runtime.stop();
    await fake.close();
    if (config.config.DATABASE_URL) await dropSchema(config.config.DATABASE_URL, schema);
  }
}
