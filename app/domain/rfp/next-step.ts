// Where a published RFP stands and what comes next, in words, for its overview: the sourcing
// event's steps (bids, the two-key opening, scoring and consensus, the evaluation run, best and
// final offers, the award and its standstill, the contract) read from its state and progress.
import { awardStatus } from "../award/rules";
import type { AwardStatus } from "../award/types";
import { hasPermission, type Role } from "../permissions";
import type { RfpState } from "./state";

/** Where a published RFP's newest round and its award stand (read with its clock facts). */
export interface RfpProgress {
  /** The newest round's scores are locked (its newest lock event is a lock). */
  scoresLocked: boolean;
  /** Evaluation runs (snapshots) of the newest round. */
  runs: number;
  /** The live (not cancelled) award, if any. */
  award: { status: Exclude<AwardStatus, "cancelled">; vendorName: string; standstillEndsAt: string | Date | null } | null;
  /** The newest round's opening, started (the first key) and waiting for a second person; null otherwise. */
  openingStart: { at: string | Date; startedById: string; startedByName: string } | null;
}

export interface RfpProgressFacts extends RfpProgress {
  state: RfpState;
  /** The newest round (a BAFO round's number, else 1). */
  round: number;
  unansweredQuestions: number;
}

/** The live award's part of the progress, from its row's times (awardStatus decides its status). */
export function liveAward(vendorName: string | null, times: { approvedAt: Date | null; concludedAt: Date | null; standstillEndsAt: Date | null }): RfpProgress["award"] {
  if (vendorName === null) return null;
  // A live award is not cancelled: its status is one of the other three.
  const status = awardStatus({ ...times, cancelledAt: null }) as Exclude<AwardStatus, "cancelled">;
  return { status, vendorName, standstillEndsAt: times.standstillEndsAt };
}

export interface NextStep {
  /** Where the RFP stands. */
  text: string;
  /** A moment the text ends with ("… ends <at>."), shown in the reader's time zone. */
  at?: string | Date | null;
  /** The workspace tab where the next step is taken (its path below the RFP), and the link's words. */
  tab: string;
  link: string;
  /** A started opening waiting for its second key: who started it and when (the dashboard says it beside the link). */
  started?: { by: string; at: string | Date };
}

/**
 * Who reads the next step: a buyer takes most steps itself; an evaluator opens with a second key
 * and scores; anyone else of the organisation (an administrator) reads where the RFP stands.
 */
export type NextStepReader = "buyer" | "evaluator" | "other";

/** The reader by roles: whoever may moderate scores takes the buyer's steps. */
export function nextStepReader(roles: readonly Role[]): NextStepReader {
  return hasPermission(roles, "moderate:scores:own") ? "buyer" : roles.includes("evaluator") ? "evaluator" : "other";
}

/**
 * A sealed round whose opening is started and waits for its second key: the starter waits (they
 * may not confirm their own start); anyone else is asked to confirm it (the opening page offers
 * the button to those who may). Null when no opening is started.
 */
function openingWaits(f: RfpProgressFacts, reader: NextStepReader, readerId: string | null): NextStep | null {
  const start = f.openingStart;
  if (!start || (f.state !== "closed" && f.state !== "bafo-closed")) return null;
  const bids = f.round > 1 ? `round ${f.round}'s bids` : "the bids";
  const started = { by: start.startedByName, at: start.at };
  if (start.startedById === readerId) {
    return { text: `You started the opening of ${bids}; it waits for a second person of your organisation to confirm it (you may withdraw it). Started on`, at: start.at, tab: "opening", link: "Waiting for a second person to confirm the opening", started };
  }
  return {
    text: `${start.startedByName} started the opening of ${bids}; it waits for a second person of your organisation to confirm it. Started on`,
    at: start.at,
    tab: "opening",
    link: reader === "buyer" ? "Confirm the bid opening" : "Go to the bid opening",
    started,
  };
}

/**
 * Null for a draft (its overview lists what stops publication) and a cancelled RFP. `readerId`
 * (the reader's user id) tells the starter of an opening from the others.
 */
export function nextStep(f: RfpProgressFacts, reader: NextStepReader = "buyer", readerId: string | null = null): NextStep | null {
  const waits = openingWaits(f, reader, readerId);
  if (waits) return waits;
  const round = f.round > 1 ? `round ${f.round}` : "the bids";
  if (reader !== "buyer") {
    // The buyer's own steps (moderate, lock, run, ask for offers, propose) said as what a buyer does next.
    switch (f.state) {
      case "closed":
        return {
          text: "The deadline has passed and the bids are sealed. A buyer starts the two-key opening and a second person of your organisation confirms it; the panel scores after that.",
          tab: "opening",
          link: "Go to the bid opening",
        };
      case "opened":
        if (f.award?.status === "proposed") break;
        if (f.runs === 0) {
          return reader === "evaluator"
            ? {
                text: `${f.round > 1 ? `Round ${f.round}'s bids are` : "The bids are"} open for scoring. Declare any conflict of interest, then score the criteria assigned to you; a buyer then moderates the flagged spreads, locks the scores and runs the evaluation.`,
                tab: "scoring",
                link: "Go to your scoring",
              }
            : { text: `${f.round > 1 ? `Round ${f.round}'s bids are` : "The bids are"} open for scoring: the panel scores, then a buyer moderates the flagged spreads, locks the scores and runs the evaluation.`, tab: "consensus", link: "Go to the consensus" };
        }
        return {
          text: `The evaluation of ${round} has run on ${f.scoresLocked ? "locked" : "draft (unlocked)"} scores. Read the results; a buyer then asks the strongest vendors for best and final offers, or proposes the award.`,
          tab: "evaluation",
          link: "Read the results",
        };
    }
  }
  switch (f.state) {
    case "draft":
    case "cancelled":
      return null;
    case "open":
      return f.unansweredQuestions > 0
        ? { text: `Bids are open. ${f.unansweredQuestions === 1 ? "1 question waits" : `${f.unansweredQuestions} questions wait`} for your answer: every invited vendor reads a published answer.`, tab: "questions", link: "Answer the questions" }
        : { text: "Bids are open: vendors prepare their sealed bids until the deadline.", tab: "submissions", link: "See who has submitted" };
    case "closed":
      return { text: "The deadline has passed and the bids are sealed. Two people of your organisation open them together; the panel scores after that.", tab: "opening", link: "Start the bid opening" };
    case "bafo-open":
      return { text: `Round ${f.round} (best and final offers) is open: the shortlisted vendors bid again, or confirm their bid, until it closes.`, tab: "bafo", link: "See the round" };
    case "bafo-closed":
      return { text: `Round ${f.round} has closed and its bids are sealed: two people open them, as for round 1.`, tab: "opening", link: `Open round ${f.round}'s bids` };
    case "opened":
      if (f.award?.status === "proposed") return { text: `An award to ${f.award.vendorName} is proposed and waits for a second person's approval.`, tab: "award", link: "Review the proposed award" };
      if (f.runs === 0) {
        return {
          text: `${f.round > 1 ? `Round ${f.round}'s bids are` : "The bids are"} open for scoring. When the panel has scored, moderate the flagged spreads, lock the scores and run the evaluation.`,
          tab: "consensus",
          link: "Go to the consensus",
        };
      }
      return {
        text: `The evaluation of ${round} has run on ${f.scoresLocked ? "locked" : "draft (unlocked)"} scores. Read the results; then ask the strongest vendors for best and final offers, or propose the award.`,
        tab: "evaluation",
        link: "Read the results",
      };
    case "awarded":
      return { text: `Awarded to ${f.award?.vendorName ?? "the winning vendor"}, provisionally: the contract is concluded after the standstill period, which ends`, at: f.award?.standstillEndsAt ?? null, tab: "award", link: "See the award" };
    case "concluded":
      return { text: `The contract with ${f.award?.vendorName ?? "the winning vendor"} is concluded. The award pack keeps the record of the decision.`, tab: "pack", link: "Download the award pack" };
  }
}
