import type { Locale } from "./i18n.js";
import type { Button } from "./message.js";

/**
 * Something waiting for one person's decision: a change request, an escalated risk or task, a go/no-go vote, a
 * rollback proposal. Features that ask for decisions publish them here, so that `decision list` and the sponsor
 * digest show them all without knowing each domain.
 */
export interface PendingDecision {
  /** The feature that asks (`governance`, `golive`, `raci` …). */
  feature: string;
  /** What kind of decision, for grouping (`change`, `risk`, `task`, `go`, `rollback`). */
  kind: string;
  /** The item's key, e.g. `CR-3`, `R-2`, `T-14`. */
  key: string;
  projectId: number;
  /** One line saying what is to be decided, in the reader's language. */
  title: string;
  /** Since when it has been waiting. */
  askedAt: Date;
  /** The answers, as buttons whose command lines anyone could type instead (labels in the reader's language). */
  actions: Button[];
}

export interface DecisionQuery {
  tenantId: number;
  /** The person who must decide. */
  personId: number;
  /** Only this project's decisions (default: all projects of the tenant). */
  projectId?: number;
  locale: Locale;
}

/** What waits for any of several people (a sponsor, or every sponsor of a project for the PM's copy), each once. */
export interface DecisionPageQuery {
  tenantId: number;
  personIds: readonly number[];
  projectId?: number;
  locale: Locale;
}

/** The oldest decisions and how many there are by `feature:kind`: a page, counted without building every item. */
export interface DecisionPage {
  items: PendingDecision[];
  counts: Record<string, number>;
}

/** A feature's decisions: what waits for one person. */
export interface DecisionSource {
  pendingFor(query: DecisionQuery): Promise<PendingDecision[]>;
  /**
   * The oldest `limit` of what waits for any of the people (each decision once, described as for the first person it
   * waits for) and the counts of all of them. For sources that can hold thousands (escalated tasks): counted in SQL.
   * Without it the board builds the page from `pendingFor`.
   */
  pageFor?(query: DecisionPageQuery, limit: number): Promise<DecisionPage>;
}

/** Every feature's decisions in one place; features register their source when they are built. */
export interface DecisionBoard {
  register(feature: string, source: DecisionSource): void;
  /** Everything waiting for this person, oldest first. */
  pendingFor(query: DecisionQuery): Promise<PendingDecision[]>;
  /** The oldest `limit` decisions waiting for any of the people, oldest first, with the counts of all of them. */
  pageFor(query: DecisionPageQuery, limit: number): Promise<DecisionPage & { total: number }>;
}

/** `localeCompare` with one collator: thousands of escalated tasks sort without a collator per comparison. */
const byKey = new Intl.Collator().compare;

/** The board's order: oldest first, then by key. */
export const decisionOrder = (a: PendingDecision, b: PendingDecision) => a.askedAt.getTime() - b.askedAt.getTime() || byKey(a.key, b.key);

/** A page from a source's whole lists (one per person), each decision once: for sources without `pageFor`. */
export async function pageFromLists(source: DecisionSource, query: DecisionPageQuery, limit: number): Promise<DecisionPage> {
  const lists = await Promise.all(query.personIds.map((personId) => source.pendingFor({ tenantId: query.tenantId, personId, locale: query.locale, ...(query.projectId === undefined ? {} : { projectId: query.projectId }) })));
  const seen = new Set<string>();
  const all = lists.flat().filter((d) => !seen.has(`${d.feature}:${d.kind}:${d.key}`) && seen.add(`${d.feature}:${d.kind}:${d.key}`));
  const counts: Record<string, number> = {};
  for (const d of all) counts[`${d.feature}:${d.kind}`] = (counts[`${d.feature}:${d.kind}`] ?? 0) + 1;
  return { items: all.sort(decisionOrder).slice(0, limit), counts };
}

export function createDecisionBoard(): DecisionBoard {
  const sources = new Map<string, DecisionSource>();
  return {
    register(feature, source) {
      if (sources.has(feature)) throw new Error(`feature ${feature} registered its decisions twice`);
      sources.set(feature, source);
    },
    async pendingFor(query) {
      const lists = await Promise.all([...sources.values()].map((source) => source.pendingFor(query)));
      return lists.flat().sort(decisionOrder);
    },
    async pageFor(query, limit) {
      const pages = await Promise.all([...sources.values()].map((source) => (source.pageFor ? source.pageFor(query, limit) : pageFromLists(source, query, limit))));
      const counts: Record<string, number> = {};
      for (const page of pages) for (const [kind, n] of Object.entries(page.counts)) counts[kind] = (counts[kind] ?? 0) + n;
      const items = pages.flatMap((p) => p.items).sort(decisionOrder).slice(0, limit);
      return { items, counts, total: Object.values(counts).reduce((s, n) => s + n, 0) };
    },
  };
}
