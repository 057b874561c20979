import type { Role } from "../core/command.js";
import { addDays, utcDate } from "../core/dates.js";
import type { Locale } from "../core/i18n.js";
import type { Services } from "../services.js";
import type { Tenant } from "../tenants/service.js";

interface DemoPerson {
  handle: string;
  name: string;
  email: string;
  roles: Role[];
  locale: Locale;
  timezone: string;
  team: "sales" | "emea" | null;
}

/** The demo cast: every role, two teams in different time zones. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { handle: "wangfang", name: "王芳 Wang Fang", email: "wang.fang@apollo.example", roles: ["sponsor"], locale: "zh-CN", timezone: "Asia/Shanghai", team: null },
  { handle: "lina", name: "李娜 Li Na", email: "li.na@apollo.example", roles: ["pm"], locale: "zh-CN", timezone: "Asia/Shanghai", team: "sales" },
  { handle: "chenwei", name: "陈伟 Chen Wei", email: "chen.wei@apollo.example", roles: ["admin"], locale: "zh-CN", timezone: "Asia/Shanghai", team: null },
  { handle: "zhangmin", name: "张敏 Zhang Min", email: "zhang.min@apollo.example", roles: ["key_user"], locale: "zh-CN", timezone: "Asia/Shanghai", team: "sales" },
  { handle: "liuyang", name: "刘洋 Liu Yang", email: "liu.yang@apollo.example", roles: ["member"], locale: "zh-CN", timezone: "Asia/Shanghai", team: "sales" },
  { handle: "anna", name: "Anna Schmidt", email: "anna.schmidt@apollo.example", roles: ["key_user"], locale: "en", timezone: "Europe/Berlin", team: "emea" },
  { handle: "tom", name: "Tom Becker", email: "tom.becker@apollo.example", roles: ["consultant"], locale: "en", timezone: "Europe/Berlin", team: "emea" },
];

export const DEMO_PROJECT = { key: "apollo", name: "Apollo CRM 上线" };
export const DEMO_FIRST_USER = "lina";

/** Seeds the demo project on an empty tenant; does nothing when the tenant already has a project. */
export async function seedDemo(services: Services, tenant: Tenant, platform: "console"): Promise<boolean> {
  if ((await services.projects.list(tenant.id)).length > 0) return false;
  const people = new Map<string, number>();
  for (const p of DEMO_PEOPLE) {
    const person = await services.people.create(tenant.id, { displayName: p.name, email: p.email, locale: p.locale, timezone: p.timezone });
    await services.people.linkIdentity(tenant.id, person.id, platform, p.handle);
    people.set(p.handle, person.id);
  }
  const adminId = people.get("chenwei") ?? 0;
  const goLive = addDays(utcDate(services.clock.now()), 45);
  const project = await services.projects.create(tenant.id, {
    name: DEMO_PROJECT.name,
    key: DEMO_PROJECT.key,
    timezone: "Asia/Shanghai",
    goLiveDate: goLive,
    phase: "build",
    ownerId: adminId,
    ownerRoles: ["admin"],
  });
  const sales = await services.teams.create(tenant.id, project.id, { name: "Sales Ops 销售运营", timezone: "Asia/Shanghai", locale: "zh-CN", calendar: "cn" });
  const emea = await services.teams.create(tenant.id, project.id, { name: "EMEA Rollout", timezone: "Europe/Berlin", locale: "en", calendar: "de" });
  if (sales) await services.teams.update(tenant.id, sales.id, { home: { platform, tenantId: tenant.externalId, conversationId: "#apollo", kind: "group" } });
  if (emea) await services.teams.update(tenant.id, emea.id, { home: { platform, tenantId: tenant.externalId, conversationId: "#apollo-emea", kind: "group" } });
  for (const p of DEMO_PEOPLE) {
    const personId = people.get(p.handle);
    if (personId === undefined) continue;
    for (const role of p.roles) await services.projects.addMember(tenant.id, project.id, personId, role);
    const team = p.team === "sales" ? sales : p.team === "emea" ? emea : null;
    if (team) await services.teams.addMember(tenant.id, team.id, personId);
    await services.people.setCurrentProject(tenant.id, personId, project.id);
  }
  return true;
}
