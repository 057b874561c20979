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

/** A feature's decisions: what waits for one person. */
export interface DecisionSource {
  pendingFor(query: DecisionQuery): Promise<PendingDecision[]>;
}

/** Every feature's decisions in one place; features register their source when they are built. */
export interface DecisionBoard {
  register(feature: string, source: DecisionSource): void;
  /** Everything waiting for this person, oldest first. */
  pendingFor(query: DecisionQuery): Promise<PendingDecision[]>;
}

/** `localeCompare` with one collator: thousands of escalated tasks sort without a collator per comparison. */
const byKey = new Intl.Collator().compare;

export function createDecisionBoard(): DecisionBoard {
  const sources = new Map<string, DecisionSource>();
  return {
    register(feature, source) {
      if (sources.has(feature)) throw new Error(`feature ${feature} registered its decisions twice`);
      sources.set(feature, source);
    },
    async pendingFor(query) {
      const lists = await Promise.all([...sources.values()].map((source) => source.pendingFor(query)));
      return lists.flat().sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime() || byKey(a.key, b.key));
    },
  };
}
