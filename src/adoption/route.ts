import type { DirectReply, DirectRoute } from "../core/direct-route.js";
import { MAX_BYTES, parseJsonBody, type BadLine, type UsageEvent } from "./events.js";
import type { IngestOutcome } from "./ingest.js";
import type { TokenStore } from "./tokens.js";

const json = (status: number, body: Record<string, unknown>): DirectReply => ({ status, json: body });

const describe = (bad: BadLine) => ({ line: bad.line, error: bad.reason === "field" ? `bad or missing ${bad.field}` : bad.reason === "future" ? "occurred_at is in the future" : bad.reason === "type" ? "unknown type" : bad.reason === "json" ? "not JSON" : "not an event object" });

/**
 * `POST /adoption/events`: a JSON array or NDJSON of CRM usage events (README "Adoption"), with a project's token
 * as `Authorization: Bearer …`. A wrong or revoked token writes nothing (401); more than 10,000 events or 5 MiB is
 * refused (413); a bad line refuses the batch naming it (400), unless `?partial=true` keeps the good ones.
 */
export function eventsRoute(deps: { tokens: TokenStore; now: () => Date; ingest: (tenantId: number, projectId: number, events: readonly UsageEvent[]) => Promise<IngestOutcome> }): DirectRoute {
  return {
    method: "POST",
    path: "/adoption/events",
    bodyLimit: MAX_BYTES,
    async handle({ headers, query, body }) {
      const auth = typeof headers.authorization === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization)?.[1] : undefined;
      const at = deps.now();
      const scope = auth ? await deps.tokens.verify(auth, at) : null;
      if (!scope) return json(401, { error: "unauthorized" });
      const parsed = parseJsonBody(body.toString("utf8"), at);
      if (parsed.tooMany) return json(413, { error: "too many events: at most 10000 per request" });
      const partial = query.partial === "true" || query.partial === "1";
      const first = parsed.bad[0];
      if (first && !partial) return json(400, { error: `line ${first.line}: ${describe(first).error}`, line: first.line });
      const outcome = await deps.ingest(scope.tenantId, scope.projectId, parsed.events);
      return json(200, { ...outcome, rejected: parsed.bad.map(describe) });
    },
  };
}
