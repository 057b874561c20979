import type { Database } from "../db/database.js";

/** A stand-up answer just saved, heard inside the transaction that saved it. */
export interface StandupAnsweredEvent {
  trx: Database;
  tenantId: number;
  projectId: number;
  teamId: number;
  personId: number;
  /** The stand-up's local date (the team's day it answers for). */
  date: string;
  at: Date;
  /** Given after the window closed. */
  late: boolean;
}

export type StandupAnsweredListener = (event: StandupAnsweredEvent) => Promise<void>;

/** Listeners other features register to hear stand-up answers as they are saved (adoption's participation points). */
export interface StandupAnswerEvents {
  onAnswered(listener: StandupAnsweredListener): void;
  emit(event: StandupAnsweredEvent): Promise<void>;
}

export function createStandupAnswerEvents(): StandupAnswerEvents {
  const listeners: StandupAnsweredListener[] = [];
  return {
    onAnswered: (listener) => void listeners.push(listener),
    async emit(event) {
      for (const listener of listeners) await listener(event);
    },
  };
}
