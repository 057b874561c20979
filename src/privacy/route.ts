import type { DirectRoute } from "../core/direct-route.js";
import type { AuditService } from "../audit/service.js";
import { verifyExportGrant } from "./export-link.js";
import type { PrivacyFlows } from "./flows.js";

/**
 * `GET /privacy/export?t=<token>`: the export a signed link grants, as a JSON file, until it expires (24 h). A
 * tampered, expired or unsigned link gets 403 and nothing else.
 */
export function exportRoute(deps: { secret: string | undefined; flows: PrivacyFlows; audit: AuditService; now: () => Date }): DirectRoute {
  return {
    method: "GET",
    path: "/privacy/export",
    async handle({ query }) {
      const token = typeof query.t === "string" ? query.t : "";
      const at = deps.now();
      const grant = deps.secret && token ? verifyExportGrant(deps.secret, token, at.getTime()) : null;
      if (!grant) return { status: 403, text: "Forbidden\n", contentType: "text/plain; charset=utf-8" };
      const document = await deps.flows.document(grant.tenantId, grant.personId, at);
      if (!document) {
        // A signed link naming someone who is not (or no longer) in its tenant: refused, and the attempt recorded.
        await deps.audit.record({ tenantId: grant.tenantId, personId: grant.requestedBy, projectId: null, action: "privacy export download", outcome: "refused", details: { reason: "not in tenant" } }).catch(() => undefined);
        return { status: 403, text: "Forbidden\n", contentType: "text/plain; charset=utf-8" };
      }
      await deps.audit.record({ tenantId: grant.tenantId, personId: grant.requestedBy, projectId: null, action: "privacy export download", outcome: "ok" });
      return { status: 200, text: `${JSON.stringify(document, null, 2)}\n`, contentType: "application/json; charset=utf-8" };
    },
  };
}
