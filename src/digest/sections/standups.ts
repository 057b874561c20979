import { fields, text } from "../../core/message.js";
import { behind, esc, section } from "../html.js";
import { defineSection } from "../model.js";
import "./i18n.js";

export interface StandupsData {
  teams: { name: string; expected: number; answered: number; percent: number }[];
  people: { name: string; expected: number; answered: number; percent: number }[];
}

const percent = (answered: number, expected: number) => (expected > 0 ? Math.round((answered / expected) * 100) : 0);

/** Stand-ups: participation by team this week (answered of asked; days away are not asked). */
export const standupsSection = defineSection<StandupsData>({
  name: "standups",
  async compute(scope) {
    const p = await scope.sources.participation();
    const teams = (p?.teams ?? []).filter((x) => x.expected > 0).map((x) => ({ name: x.name, expected: x.expected, answered: x.answered, percent: percent(x.answered, x.expected) }));
    if (teams.length === 0) return null;
    const people = (p?.people ?? []).filter((x) => x.expected > 0).map((x) => ({ name: x.name, expected: x.expected, answered: x.answered, percent: percent(x.answered, x.expected) })).sort((a, b) => a.percent - b.percent);
    return { teams, people };
  },
  figures: (d) => ({ percent: percent(d.teams.reduce((s, x) => s + x.answered, 0), d.teams.reduce((s, x) => s + x.expected, 0)) }),
  blocks(d, { t }) {
    return [text(`**${t("digest.standups.title")}**`), fields(d.teams.map((x) => [x.name, t("digest.standups.team", { percent: x.percent, answered: x.answered, expected: x.expected })] as [string, string]))];
  },
  html(d, { t }) {
    const teams = d.teams.map((x) => `${esc(x.name)}: ${esc(t("digest.standups.team", { percent: x.percent, answered: x.answered, expected: x.expected }))}`);
    const people = d.people.map((x) => `${esc(x.name)}: ${esc(t("digest.standups.team", { percent: x.percent, answered: x.answered, expected: x.expected }))}`);
    return section("standups", t("digest.standups.title"), `<ul>${teams.map((x) => `<li>${x}</li>`).join("")}</ul>${behind(t("digest.standups.people"), people)}`);
  },
});
