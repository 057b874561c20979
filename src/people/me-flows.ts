import type { OutboundMessage } from "../core/message.js";
import type { CoreServices } from "../services.js";
import type { Asker } from "./asker.js";
import { translator, type Locale, type Translate } from "./i18n.js";
import { changedMessage, clearedMessage, settingsMessage, type Setting } from "./me-messages.js";
import type { PersonSettings } from "./settings.js";

/** What `me` reads and writes. */
export type MeFlowDeps = Pick<CoreServices, "people">;

/** The command that clears a setting, as the person would type it in their language. */
function clearCommand(locale: Locale, what: Setting): string {
  if (locale === "zh-CN") return `我的设置 ${{ language: "语言", timezone: "时区", hours: "工作时间" }[what]} 默认`;
  return `me ${what} default`;
}

/** `me` and its settings: a person's own language, time zone and working hours over their team's. */
export function createMeFlows({ people }: MeFlowDeps) {
  const settingsOf = async (who: Asker): Promise<PersonSettings> => {
    const found = (await people.settingsOf(who.tenant.id, [who.actor.personId])).get(who.actor.personId);
    if (!found) throw new Error(`person ${who.actor.personId} not found`);
    return found;
  };

  /** The reply after a change, in the language that now applies: what was set (with how to undo it), or what applies again. */
  const answer = (settings: PersonSettings, what: Setting, cleared: boolean, setText: (t: Translate) => string): OutboundMessage =>
    changedMessage(settings, (t) => (cleared ? clearedMessage(t, settings, what) : `${setText(t)}\n${t("people.me.undo_hint", { command: clearCommand(settings.locale, what) })}`));

  return {
    /** The asker's language, time zone and hours, and where each comes from. */
    async show(who: Asker): Promise<OutboundMessage> {
      return { ...settingsMessage(translator(who.locale), await settingsOf(who)), locale: who.locale };
    },

    /** Sets (or, with null, clears) the language of every reply and notice to the asker. */
    async language(who: Asker, locale: Locale | null): Promise<OutboundMessage> {
      await people.update(who.tenant.id, who.actor.personId, { locale });
      return answer(await settingsOf(who), "language", locale === null, (t) => t("people.me.language_set"));
    },

    /** Sets (or clears) the asker's own time zone. */
    async timezone(who: Asker, zone: string | null): Promise<OutboundMessage> {
      await people.update(who.tenant.id, who.actor.personId, { timezone: zone });
      const settings = await settingsOf(who);
      const time = new Intl.DateTimeFormat("en-GB", { timeZone: settings.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(who.now);
      return answer(settings, "timezone", zone === null, (t) => t("people.me.timezone_set", { zone: settings.timeZone, time }));
    },

    /** Sets (or clears) the asker's own working hours, start and end together. */
    async hours(who: Asker, hours: { start: string; end: string } | null): Promise<OutboundMessage> {
      await people.update(who.tenant.id, who.actor.personId, { workStart: hours?.start ?? null, workEnd: hours?.end ?? null });
      const settings = await settingsOf(who);
      return answer(settings, "hours", hours === null, (t) => t("people.me.hours_set", { start: settings.workStart, end: settings.workEnd, zone: settings.timeZone }));
    },
  };
}
