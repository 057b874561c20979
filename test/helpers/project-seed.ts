import type { PlatformId } from "../../src/core/adapter.js";
import type { Services } from "../../src/services.js";

interface SeedPerson {
  name: string;
  email: string;
  /** The person's user id on the platform. */
  userId: string;
  locale: "zh-CN" | "en";
}

/** A project in a platform tenant with a PM and one member, both linked to their platform ids; returns the project id. */
export async function seedProjectWithPm(
  services: Services,
  where: { platform: PlatformId; tenantRef: string },
  spec: { pm: SeedPerson; member: SeedPerson; project: { name: string; key: string; timezone: string } },
): Promise<number> {
  const tenant = await services.tenants.find(where.platform, where.tenantRef);
  if (!tenant) throw new Error(`the ${where.platform} workspace ${where.tenantRef} was not registered as a tenant`);
  const [pm, member] = await Promise.all(
    [spec.pm, spec.member].map(async (p) => {
      const person = await services.people.create(tenant.id, { displayName: p.name, email: p.email, locale: p.locale });
      await services.people.linkIdentity(tenant.id, person.id, where.platform, p.userId);
      return person;
    }),
  );
  const project = await services.projects.create(tenant.id, { ...spec.project, ownerId: pm!.id, ownerRoles: ["pm"] });
  await services.projects.addMember(tenant.id, project.id, member!.id, "member");
  await services.people.setCurrentProject(tenant.id, pm!.id, project.id);
  await services.people.setCurrentProject(tenant.id, member!.id, project.id);
  return project.id;
}
