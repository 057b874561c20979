import type { DirectReply, DirectRoute } from "../core/direct-route.js";
import type { Logger } from "../logger.js";
import { verifyLink, type LinkStore } from "./links.js";

/** Where the web report is served. */
export const REPORT_PATH = "/digest/report";

const forbidden: DirectReply = { status: 403, text: "Forbidden\n", contentType: "text/plain; charset=utf-8" };

/**
 * `GET /digest/report?t=<token>`: the digest of the link's project, for the link's reader, as HTML. A tampered,
 * expired or revoked link, one whose tenant does not match its row, or a reader who no longer may read the digest
 * gets 403 and nothing else.
 */
export function reportRoute(deps: { secret: string | undefined; links: LinkStore; logger: Logger; now: () => Date; render(projectId: number, tenantId: number, personId: number, expiresAt: Date): Promise<string | null> }): DirectRoute {
  return {
    method: "GET",
    path: REPORT_PATH,
    async handle({ query }) {
      const token = typeof query.t === "string" ? query.t : "";
      const now = deps.now();
      const grant = deps.secret && token ? verifyLink(deps.secret, token, now.getTime()) : null;
      if (!grant) return forbidden;
      const link = await deps.links.live(grant.id, grant.tenantId, now);
      if (!link) return forbidden;
      const html = await deps.render(link.projectId, grant.tenantId, link.personId, new Date(grant.expiresAt));
      if (html === null) {
        deps.logger.info({ link: grant.id, tenantId: grant.tenantId }, "digest report refused: the reader may no longer read it");
        return forbidden;
      }
      return { status: 200, text: html, contentType: "text/html; charset=utf-8" };
    },
  };
}
