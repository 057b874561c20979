import type { Database } from "../db/database.js";
import { OPEN_STATUSES } from "./model.js";
import { FEEDBACK_STATUSES, PRIORITIES, type FeedbackStatus, type FeedbackType, type Priority } from "./schema.js";
import { settingsOf } from "./settings.js";

/** Open urgent items named in the digest (oldest first); the count says how many there are in all. */
const OVERDUE_LISTED = 5;
/** Items named per release (the count says how many it had). */
const RELEASE_ITEMS_LISTED = 10;

/** An item as the digest names it. */
export interface DigestItem {
  key: string;
  text: string;
  type: FeedbackType | null;
}

/** What the sponsor digest reads of feedback for one project, over the week that starts at `since`. */
export interface FeedbackDigest {
  /** Every item by status, merged ones included. */
  byStatus: Record<FeedbackStatus, number>;
  /** Items by type, merged ones left out ("untyped": not typed yet). */
  byType: Record<string, number>;
  openUrgent: number;
  oldestUntriaged: { key: string; createdAt: Date; ageHours: number } | null;
  /** Filed and resolved since `since`. */
  week: { since: Date; filed: number; resolved: number };
  openByPriority: Record<Priority, number>;
  /** Open items by type ("untyped": not typed yet), most first. */
  openByType: { type: FeedbackType | "untyped"; count: number }[];
  /** The response target for urgent items (hours, calendar time as `feedback stats` counts it). */
  urgentTargetHours: number;
  /** Urgent items still untriaged past that target: the oldest few, and how many in all. */
  overdueUrgent: (DigestItem & { createdAt: Date; ageHours: number })[];
  overdueUrgentCount: number;
  /** "What changed because of your feedback": releases since `since`, with their items. */
  released: { name: string; at: Date; count: number; items: DigestItem[] }[];
}

/** The digest's numbers of one project: counts from the rollup, the rest through the items' indexes. */
export async function feedbackDigest(db: Database, projectId: number, now: Date, since: Date): Promise<FeedbackDigest> {
  const settings = await settingsOf(db, projectId);
  const targetAt = new Date(now.getTime() - settings.urgentHours * 3600_000);
  const [counts, filed, resolved, overdue, overdueCount, oldest, releases] = await Promise.all([
    // By status, type and priority: the rollup the triggers keep (a few hundred rows however many items; migration 0037).
    db.selectFrom("feedback_rollup").select(["status", "type", "priority", "n"]).where("project_id", "=", projectId).where("n", ">", 0).execute(),
    // Filed since: one short range of that index per status.
    db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<string>().as("n")).where("project_id", "=", projectId).where("status", "in", [...FEEDBACK_STATUSES]).where("created_at", ">=", since).executeTakeFirstOrThrow(),
    db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<string>().as("n")).where("project_id", "=", projectId).where("resolved_at", ">=", since).where("status", "=", "resolved").executeTakeFirstOrThrow(),
    db.selectFrom("feedback_items").select(["key", "text", "type", "created_at"]).where("project_id", "=", projectId).where("status", "=", "new").where("priority", "=", "urgent").where("created_at", "<", targetAt).orderBy("created_at").limit(OVERDUE_LISTED).execute(),
    db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<string>().as("n")).where("project_id", "=", projectId).where("status", "=", "new").where("priority", "=", "urgent").where("created_at", "<", targetAt).executeTakeFirstOrThrow(),
    db.selectFrom("feedback_items").select(["key", "created_at"]).where("project_id", "=", projectId).where("status", "=", "new").orderBy("created_at").limit(1).executeTakeFirst(),
    db.selectFrom("feedback_releases").select(["name", "at", "items"]).where("project_id", "=", projectId).where("at", ">=", since).orderBy("at").execute(),
  ]);
  const byStatus = Object.fromEntries(FEEDBACK_STATUSES.map((s) => [s, 0])) as Record<FeedbackStatus, number>;
  const byType: Record<string, number> = {};
  const openByPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  const openByType = new Map<FeedbackType | "untyped", number>();
  for (const r of counts) {
    const status = r.status;
    const type = (r.type || "untyped") as FeedbackType | "untyped";
    byStatus[status] += r.n;
    if (status !== "merged") byType[type] = (byType[type] ?? 0) + r.n;
    if (OPEN_STATUSES.includes(status)) {
      openByType.set(type, (openByType.get(type) ?? 0) + r.n);
      openByPriority[r.priority] += r.n;
    }
  }
  const hoursSince = (at: Date) => Math.floor((now.getTime() - at.getTime()) / 3600_000);
  const keys = [...new Set(releases.flatMap((r) => r.items.slice(0, RELEASE_ITEMS_LISTED)))];
  // Keys are `FB-<number>`: found through the (project, number) key.
  const numbers = keys.map((k) => Number(/\d+$/.exec(k)?.[0])).filter((n) => Number.isSafeInteger(n));
  const named = numbers.length === 0 ? [] : await db.selectFrom("feedback_items").select(["key", "text", "type"]).where("project_id", "=", projectId).where("number", "in", numbers).execute();
  const byKey = new Map(named.map((i) => [i.key, i]));
  return {
    byStatus,
    byType,
    openUrgent: openByPriority.urgent,
    oldestUntriaged: oldest ? { key: oldest.key, createdAt: oldest.created_at, ageHours: hoursSince(oldest.created_at) } : null,
    week: { since, filed: Number(filed.n), resolved: Number(resolved.n) },
    openByPriority,
    openByType: [...openByType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    urgentTargetHours: settings.urgentHours,
    overdueUrgent: overdue.map((i) => ({ key: i.key, text: i.text, type: i.type, createdAt: i.created_at, ageHours: hoursSince(i.created_at) })),
    overdueUrgentCount: Number(overdueCount.n),
    released: releases.map((r) => ({ name: r.name, at: r.at, count: r.items.length, items: r.items.slice(0, RELEASE_ITEMS_LISTED).flatMap((key) => byKey.get(key) ?? []) })),
  };
}
