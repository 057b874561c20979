import type { Locale, Translate } from "../core/i18n.js";
import type { Block } from "../core/message.js";
import type { Project } from "../projects/service.js";
import type { DigestSources } from "./sources.js";
import type { RagStatus } from "./schema.js";

export type { RagStatus };

/** The last digest sent for the project: its numbers, for week-over-week deltas and "nothing changed". */
export interface PreviousDigest {
  sentAt: Date;
  status: RagStatus;
  figures: Record<string, number>;
}

/** `project status red|amber|green "<note>"`: shown beside the computed status. */
export interface StatusOverride {
  status: RagStatus;
  note: string;
  setBy: string | null;
  setAt: Date;
}

/** What every section computes from: one project, one reader, one week (the seven project-local days up to today). */
export interface DigestScope {
  tenantId: number;
  project: Project;
  /** Who reads it: decisions are theirs when they are a sponsor, the sponsors' otherwise. */
  readerId: number;
  locale: Locale;
  t: Translate;
  now: Date;
  /** Project-local dates: the week the digest covers, `to` being today. */
  week: { from: string; to: string };
  previous: PreviousDigest | null;
  /** The PM's word on the status (`project status`), if any. */
  override: StatusOverride | null;
  /** The other features' read APIs, each fetched once per digest and shared by the sections that need it. */
  sources: DigestSources;
}

/** How a section draws itself: chat blocks and a fragment of the web report. */
export interface RenderScope {
  locale: Locale;
  t: Translate;
  previous: PreviousDigest | null;
  /** Draw charts as PNG (chat) — false for text-only previews and for the web page, which uses SVG. */
  images: boolean;
}

/**
 * One part of the digest, most important first in `sections/index.ts`. `compute` returns null when the section has
 * nothing to say (its domain is not there, or is empty), and the section is left out.
 */
export interface DigestSection<D> {
  name: string;
  compute(scope: DigestScope): Promise<D | null>;
  /** The numbers kept in history, by name (prefixed with the section's name when stored). */
  figures?(data: D): Record<string, number>;
  /** Decisions shown with their buttons are not "nothing changed". */
  needsAttention?(data: D): boolean;
  blocks(data: D, render: RenderScope): Block[] | Promise<Block[]>;
  /** Escaped HTML for the web report, with the lists behind each number. */
  html(data: D, render: RenderScope): string | Promise<string>;
}

/** A section with its data type erased, as the registry lists it. */
export type AnySection = DigestSection<unknown>;

/** Declares a section; typed while written, erased for the list. */
export function defineSection<D>(section: DigestSection<D>): AnySection {
  return section as unknown as AnySection;
}

/** One computed section. */
export interface ComputedSection {
  section: AnySection;
  data: unknown;
}

/** A digest's content for one reader, before it is drawn. */
export interface DigestContent {
  scope: DigestScope;
  sections: ComputedSection[];
  status: RagStatus;
  figures: Record<string, number>;
  /** True when the figures equal the last digest's and nothing waits for a decision. */
  unchanged: boolean;
  /** How long each section took to compute (ms, sections run in parallel), for the logs and the bench. */
  sectionMs: Record<string, number>;
}
