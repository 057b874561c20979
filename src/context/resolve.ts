import type { InboundEvent } from "../core/adapter.js";
import type { ResolvedContext } from "../core/dispatcher.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services.js";
import { lookupContext } from "./lookup.js";
import { resolveLocale, resolveTimeZone } from "../people/settings.js";

/**
 * Resolves who is asking: tenant (refused when unknown), person (created on first sight), project, roles, locale.
 * With `db`, a known person costs one query (lookupContext) that also reads their open guided conversations; the
 * first sight of a person, or a resolver without `db`, goes through the services one lookup at a time.
 */
export function createContextResolver(services: Services, logger: Logger, fast?: { db: Database; now: () => Date }) {
  const refuse = (event: InboundEvent): null => {
    logger.warn({ platform: event.conversation.platform, tenant: event.conversation.tenantId }, "event from an unknown tenant refused");
    return null;
  };

  const viaServices = async (event: InboundEvent): Promise<ResolvedContext | null> => {
    const tenant = await services.tenants.find(event.conversation.platform, event.conversation.tenantId);
    if (!tenant) return refuse(event);
    const person = await services.people.resolveActor(tenant.id, event.actor);
    const memberships = await services.projects.projectsOf(tenant.id, person.id);
    const current =
      memberships.find((m) => m.project.id === person.currentProjectId) ?? (memberships.length === 1 ? memberships[0] : undefined);
    const teams = await services.teams.teamsOf(tenant.id, person.id);
    const team = teams.find((tm) => tm.projectId === current?.project.id) ?? teams[0];
    return {
      tenant: { id: tenant.id, locale: tenant.locale, timezone: tenant.timezone },
      actor: { personId: person.id, displayName: person.displayName, platform: event.actor.platform, userId: event.actor.userId },
      project: current ? { id: current.project.id, key: current.project.key, name: current.project.name } : null,
      roles: current?.roles ?? [],
      tenantAdmin: memberships.some((m) => m.roles.includes("admin")) || (await services.projects.isTenantAdmin(tenant.id, person.id)),
      locale: resolveLocale(person.locale, team?.locale, tenant.locale).locale,
      timezone: resolveTimeZone(person.timezone, team?.timezone, current?.project.timezone, tenant.timezone),
    };
  };

  if (!fast) return viaServices;
  return async (event: InboundEvent): Promise<ResolvedContext | null> => {
    const found = await lookupContext(fast.db, event.conversation.platform, event.conversation.tenantId, event.actor.userId, fast.now());
    if (!found) return refuse(event);
    const { tenant, person } = found;
    if (!person) return viaServices(event);
    const current = person.memberships.find((m) => m.id === person.currentProjectId) ?? (person.memberships.length === 1 ? person.memberships[0] : undefined);
    const team = person.teams.find((tm) => tm.projectId === current?.id) ?? person.teams[0];
    return {
      tenant,
      actor: { personId: person.id, displayName: person.displayName, platform: event.actor.platform, userId: event.actor.userId },
      project: current ? { id: current.id, key: current.key, name: current.name } : null,
      roles: current?.roles ?? [],
      tenantAdmin: person.tenantAdmin,
      locale: resolveLocale(person.locale, team?.locale, tenant.locale).locale,
      timezone: resolveTimeZone(person.timezone, team?.timezone, current?.timezone, tenant.timezone),
      openScopes: person.openScopes,
    };
  };
}
