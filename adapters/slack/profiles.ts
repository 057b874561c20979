import type { InboundEvent } from "../../src/core/adapter.js";
import type { SlackCall } from "./client.js";
import { obj, str } from "./payload.js";

/** A person's name and address as Slack's directory has them. */
interface Profile {
  displayName?: string;
  email?: string;
}

const CACHE_TTL_MS = 60 * 60 * 1000;
const FAILURE_TTL_MS = 5 * 60 * 1000;
const CACHE_MAX = 10_000;

/**
 * Fills in the actor's name and email from users.info (https://api.slack.com/methods/users.info; email needs
 * users:read.email), so that a person first seen on Slack is matched to the one added by email. Cached per user
 * for an hour and bounded by a short timeout: a slow or failing directory never delays the ack much, the event
 * just goes on with the ids it has.
 */
export function createProfileLookup(call: SlackCall, options: { timeoutMs?: number; now?: () => number } = {}) {
  const cache = new Map<string, { until: number; profile: Profile }>();
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 800;

  const fetchProfile = async (userId: string): Promise<Profile> => {
    const user = obj(await call("users.info", { user: userId }), "user");
    const profile = obj(user, "profile");
    const displayName = str(profile, "display_name") ?? str(profile, "real_name") ?? str(user, "real_name") ?? str(user, "name");
    const email = str(profile, "email");
    return { ...(displayName ? { displayName } : {}), ...(email ? { email } : {}) };
  };

  const remember = (key: string, profile: Profile, ttlMs: number): Profile => {
    cache.delete(key);
    cache.set(key, { until: now() + ttlMs, profile });
    if (cache.size > CACHE_MAX) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return profile;
  };

  const profileOf = async (key: string, userId: string): Promise<Profile> => {
    const hit = cache.get(key);
    if (hit && now() < hit.until) return hit.profile;
    // A late answer still fills the cache for the next event; a failure is remembered briefly, not retried per event.
    const answer = fetchProfile(userId).then(
      (profile) => remember(key, profile, CACHE_TTL_MS),
      (): Profile => remember(key, {}, FAILURE_TTL_MS),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Profile>((resolve) => {
      timer = setTimeout(() => resolve({}), timeoutMs);
    });
    return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  };

  return async (event: InboundEvent): Promise<InboundEvent> => {
    const { actor } = event;
    if (actor.isBot || actor.email) return event;
    const profile = await profileOf(`${actor.tenantId}:${actor.userId}`, actor.userId);
    if (!profile.displayName && !profile.email) return event;
    const displayName = profile.displayName ?? actor.displayName;
    return { ...event, actor: { ...actor, displayName, ...(profile.email ? { email: profile.email } : {}) } };
  };
}
