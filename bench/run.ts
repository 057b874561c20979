import { benchDispatch } from "./dispatch.js";
import { benchStandupFanout } from "./standup-fanout.js";
import { benchFeishuEvents } from "./feishu-events.js";
import { benchRaciNag } from "./raci-nag.js";
import { benchWecomCallback } from "./wecom-callback.js";
import { benchWebhook } from "./webhook.js";

// `npm run bench`: every benchmark, each printed as one JSON line with its ratio against an in-run baseline.
const benches: [string, () => Promise<Record<string, number | string>>][] = [
  ["dispatch", () => benchDispatch()],
  ["standup-fanout", () => benchStandupFanout()],
  ["feishu-events", () => benchFeishuEvents()],
  ["wecom-callback", () => benchWecomCallback()],
  ["webhook", () => benchWebhook()],
  ["raci-nag", () => benchRaciNag()],
];
const only = process.argv[2];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}
