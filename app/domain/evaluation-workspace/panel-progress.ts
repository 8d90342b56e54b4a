// The evaluator's dashboard line of one RFP whose panel they sit on: what they still have to do
// (declare, score) or what they wait for (the opening, the chair, a BAFO round's opening), from
// their own progress, never a generic "declare and score" once they have done both.
import type { RfpState } from "../rfp/state";

/** One panel member's progress on the newest opened round of an RFP (read in the dashboard's one statement). */
export interface PanelProgress {
  state: RfpState;
  /** The newest round with a BAFO row, else 1; the round being bid for while `state` is bafo-open or bafo-closed. */
  currentRound: number;
  /** The newest opened round's scores are locked. */
  scoresLocked: boolean;
  /** Admitted bidders of the newest opened round the member has not declared for. */
  undeclared: number;
  /** Scores the member owes on that round: assigned judged criteria × bundle slots × bidders declared without a conflict. */
  owed: number;
  /** Of those, the scores submitted. */
  submitted: number;
  /** A live award is proposed and waits for approval. */
  awardProposed: boolean;
}

export interface PanelLine {
  text: string;
  /** The line asks the member to act (shown strong). */
  needsAction: boolean;
  /** The round's deadline goes before the text (the bids are not opened yet). */
  withDeadline: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function panelLine(p: PanelProgress): PanelLine {
  const line = (text: string, needsAction = false, withDeadline = false): PanelLine => ({ text, needsAction, withDeadline });
  switch (p.state) {
    case "draft":
    case "open":
    case "closed":
      return line("scoring starts after the opening", false, true);
    case "cancelled":
      return line("cancelled: nothing to score");
    case "awarded":
    case "concluded":
      return line("awarded: the evaluation is complete");
    case "bafo-open":
    case "bafo-closed":
      return line(`round ${p.currentRound} bids not yet opened; you score them once they are`, false, true);
    case "opened":
      break;
  }
  if (p.undeclared > 0) return line(`declare conflicts of interest (${plural(p.undeclared, "bidder", "bidders")} to declare for) before you see the bids`, true);
  if (p.scoresLocked) return line("scores locked");
  const left = p.owed - p.submitted;
  if (left > 0) return line(`${left} of ${plural(p.owed, "score", "scores")} to submit`, true);
  if (p.owed === 0) return line("nothing for you to score (conflicts declared or no criterion assigned); waiting for the chair");
  return line(p.awardProposed ? "all your scores submitted; an award is proposed and waits for approval" : "all your scores submitted; waiting for the chair");
}
