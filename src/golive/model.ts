import type { GateCategory, WarroomRole } from "./schema.js";

/** The six final-night categories of the roll-out playbook, then the testing kinds (功能/集成/UAT/性能/安全). */
export const GATE_CATEGORIES: readonly GateCategory[] = ["data", "system", "users", "training", "support", "comms", "functional", "integration", "uat", "performance", "security"];

/** Category names as people type them, in both languages. */
const CATEGORY_WORDS: Record<string, GateCategory> = {
  data: "data", 数据: "data",
  system: "system", 系统: "system",
  users: "users", user: "users", 用户: "users",
  training: "training", 培训: "training",
  support: "support", 支持: "support",
  comms: "comms", communication: "comms", communications: "comms", 沟通: "comms",
  functional: "functional", function: "functional", 功能: "functional",
  integration: "integration", 集成: "integration",
  uat: "uat",
  performance: "performance", perf: "performance", 性能: "performance",
  security: "security", 安全: "security",
};

export function readCategory(text: string): GateCategory | null {
  return CATEGORY_WORDS[text.trim().toLowerCase()] ?? null;
}

export const WARROOM_ROLES: readonly WarroomRole[] = ["commander", "scribe", "tech", "business", "comms"];

const ROLE_WORDS: Record<string, WarroomRole> = {
  commander: "commander", 指挥官: "commander",
  scribe: "scribe", 记录员: "scribe",
  tech: "tech", 技术负责人: "tech", 技术: "tech",
  business: "business", 业务负责人: "business", 业务: "business",
  comms: "comms", 沟通负责人: "comms", 沟通: "comms",
};

export function readWarroomRole(text: string): WarroomRole | null {
  return ROLE_WORDS[text.trim().toLowerCase()] ?? null;
}

/** Reads a severity as typed (`1`, `sev1`, `S1`, `P1`); null when it is none of 1–4. */
export function readSeverity(text: string): 1 | 2 | 3 | 4 | null {
  const m = /^(?:sev|s|p)?\s*([1-4])$/i.exec(text.trim());
  return m ? (Number(m[1]) as 1 | 2 | 3 | 4) : null;
}

/** Response targets per severity, in minutes; sev4 is "next working day" (handled where the calendar is known). */
export const SEVERITY_TARGET_MINUTES: Record<1 | 2 | 3, number> = { 1: 15, 2: 60, 3: 240 };

/** The default checklist `golive template` loads: one item per line, data-migration checks as items of their own. */
export const DEFAULT_CHECKLIST: readonly { category: GateCategory; key: string }[] = [
  { category: "data", key: "final_migration" },
  { category: "data", key: "record_counts" },
  { category: "data", key: "key_fields" },
  { category: "data", key: "spot_checks" },
  { category: "system", key: "production_ready" },
  { category: "system", key: "configuration" },
  { category: "users", key: "accounts" },
  { category: "users", key: "permissions" },
  { category: "training", key: "key_users_trained" },
  { category: "training", key: "knowledge_base" },
  { category: "support", key: "support_process" },
  { category: "support", key: "contact_list" },
  { category: "comms", key: "golive_notice" },
  { category: "uat", key: "uat_passed" },
];

/** Who runs a go-live command: the project it is about, the person and their roles there, their language. */
export interface GoliveAsker {
  tenantId: number;
  projectId: number;
  projectName: string;
  personId: number;
  locale: "zh-CN" | "en";
  roles: readonly string[];
}

export const isPm = (who: Pick<GoliveAsker, "roles">): boolean => who.roles.includes("pm") || who.roles.includes("admin");
export const isSponsor = (who: Pick<GoliveAsker, "roles">): boolean => who.roles.includes("sponsor");
