import { pino } from "pino";
import { createWecomCrypto } from "../adapters/wecom/crypto.js";
import { createWecomAdapter } from "../adapters/wecom/index.js";
import { readConfig } from "../src/config.js";
import { createRuntime } from "../src/main.js";
import { startFakeWecomApi } from "../test/helpers/fake-wecom-api.js";
import { percentile, timed } from "./latency.js";
import { benchSchemaName } from "./run-names.js";

// WeCom waits 5 s for the callback answer, then retries: how long does POST /wecom/callback take to answer
// (verify, decrypt, parse, queue), against GET /healthz on the same server in the same run?
const APP = { corpId: "ww1436e0e65a779aee", agentId: "1000002", secret: "bench", token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", encodingAesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt" };

/** The callback's ack latency (mean, p99) and its ratio to a /healthz round trip. */
export async function benchWecomCallback(iterations = Number(process.env.BENCH_ITERATIONS ?? 200)): Promise<Record<string, number | string>> {
  const fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
  const config = readConfig({ LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", DEMO_SEED: "false", DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const adapter = createWecomAdapter({ ...APP, apiUrl: fake.url, logger: pino({ level: "silent" }) });
  const runtime = await createRuntime({ config: config.config, adapters: [adapter], db: { memory: true, schema: benchSchemaName("db") } });
  try {
    const http = await runtime.startHttp();
    const address = http.server.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const crypto = createWecomCrypto({ token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId: APP.corpId });
    const runId = Date.now();
    const sealed = Array.from({ length: iterations + 20 }, (_, i) => {
      const inner = `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[u${i % 50}]]></FromUserName><CreateTime>${Math.floor(runId / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[whoami]]></Content><MsgId>${runId}${i}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
      const { encrypt, msgSignature } = crypto.encrypt(inner, { timestamp: String(Math.floor(runId / 1000)), nonce: `n${i}` });
      return { url: `${base}/wecom/callback?msg_signature=${msgSignature}&timestamp=${Math.floor(runId / 1000)}&nonce=n${i}`, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
    });
    const postOne = (i: number) => {
      const s = sealed[i];
      if (!s) throw new Error("no payload");
      return fetch(s.url, { method: "POST", headers: { "content-type": "text/xml" }, body: s.body });
    };
    await timed(20, (i) => postOne(iterations + i)); // warm-up
    const baseline = await timed(iterations, () => fetch(`${base}/healthz`));
    const callback = await timed(iterations, postOne);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    await runtime.settle();
    return {
      bench: "wecom-callback",
      database: runtime.database.kind,
      queue: runtime.queue.driver,
      iterations,
      "ack ms (mean)": +mean(callback).toFixed(3),
      "ack ms (p99)": +percentile(callback, 99).toFixed(3),
      "healthz ms (mean)": +mean(baseline).toFixed(3),
      "ratio ack / healthz (mean)": +(mean(callback) / mean(baseline)).toFixed(1),
      "p99 share of WeCom's 5 s deadline": +(percentile(callback, 99) / 5000).toFixed(4),
    };
  } finally {
    await runtime.stop();
    await fake.close();
  }
}
