import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { RefusalError, UserError } from "../core/command.js";
import type { DirectRoute } from "../core/direct-route.js";
import { signFields, verifyFields } from "../core/signed-token.js";
import { text, type OutboundMessage } from "../core/message.js";
import { feedbackCsv } from "./csv.js";
import type { FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import { isTriager, type Asker } from "./model.js";

const LINK_HOURS = 24;

export interface ExportConfig {
  PUBLIC_URL?: string | undefined;
  LINK_SECRET?: string | undefined;
  DATA_DIR: string;
}

/** A token for the CSV link: tenant, project and expiry, readable, with an HMAC over them. */
export function signCsvGrant(secret: string, grant: { tenantId: number; projectId: number; expiresAt: number }): string {
  return signFields(secret, "feedback-export", [grant.tenantId, grant.projectId, grant.expiresAt]);
}

export function verifyCsvGrant(secret: string, token: string, now: number): { tenantId: number; projectId: number } | null {
  const fields = verifyFields(secret, "feedback-export", token, 3, now);
  return fields ? { tenantId: fields[0]!, projectId: fields[1]! } : null;
}

/**
 * `feedback export`: every item as CSV (UTF-8 with a BOM, so Excel shows Chinese right). In the console the file is
 * written under DATA_DIR; on a platform the asker gets a signed download link (24 h) in a DM.
 */
export function createExport(deps: FeedbackDeps & { config: ExportConfig }) {
  const { db, core, config } = deps;

  const exportCsv = async (asker: Asker): Promise<OutboundMessage | string> => {
    if (!isTriager(asker.roles) && !asker.roles.includes("sponsor")) throw new RefusalError("feedback.errors.not_exporter", {}, {});
    const now = core.clock.now();
    if (asker.conversation.platform === "console") {
      const { csv, rows } = await feedbackCsv(db, core, asker.tenantId, asker.projectId);
      const dir = resolve(config.DATA_DIR, "exports");
      await mkdir(dir, { recursive: true });
      const file = join(dir, `feedback-${asker.projectKey}-${now.toISOString().replace(/[:.]/g, "-")}.csv`);
      await writeFile(file, csv, { mode: 0o600 });
      return { blocks: [text(t(asker.locale, "feedback.export.written", { file, count: rows }))], locale: asker.locale };
    }
    if (!config.PUBLIC_URL || !config.LINK_SECRET) throw new UserError("feedback.errors.no_public_url");
    const token = signCsvGrant(config.LINK_SECRET, { tenantId: asker.tenantId, projectId: asker.projectId, expiresAt: now.getTime() + LINK_HOURS * 3600_000 });
    const link = `${config.PUBLIC_URL.replace(/\/+$/, "")}/feedback/export.csv?t=${token}`;
    await core.notify.toPerson(asker.tenantId, asker.personId, { title: t(asker.locale, "feedback.export.title", { project: asker.projectName }), blocks: [text(t(asker.locale, "feedback.export.link", { link, hours: LINK_HOURS }))] }, { key: `feedback:export:${asker.projectId}:${asker.personId}:${now.getTime()}` });
    return t(asker.locale, "feedback.export.sent");
  };

  /** `GET /feedback/export.csv?t=<token>`: the CSV a signed link grants, until it expires; anything else 403. */
  const route: DirectRoute = {
    method: "GET",
    path: "/feedback/export.csv",
    async handle({ query }) {
      const token = typeof query.t === "string" ? query.t : "";
      const grant = config.LINK_SECRET && token ? verifyCsvGrant(config.LINK_SECRET, token, core.clock.now().getTime()) : null;
      if (!grant || !(await core.projects.get(grant.tenantId, grant.projectId))) return { status: 403, text: "Forbidden\n", contentType: "text/plain; charset=utf-8" };
      const { csv } = await feedbackCsv(db, core, grant.tenantId, grant.projectId);
      return { status: 200, text: csv, contentType: "text/csv; charset=utf-8" };
    },
  };

  return { exportCsv, route };
}
