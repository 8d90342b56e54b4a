import { describe, expect, it } from "vitest";
import { panelLine, type PanelProgress } from "./panel-progress";

const progress = (p: Partial<PanelProgress>): PanelProgress => ({ state: "opened", currentRound: 1, scoresLocked: false, undeclared: 0, owed: 3, submitted: 0, awardProposed: false, ...p });

describe("the evaluator's dashboard line", () => {
  it("asks to declare first, for as many bidders as are left", () => {
    expect(panelLine(progress({ undeclared: 3 }))).toEqual({ text: "declare conflicts of interest (3 bidders to declare for) before you see the bids", needsAction: true, withDeadline: false });
    expect(panelLine(progress({ undeclared: 1, submitted: 3 })).text).toMatch(/^declare conflicts of interest \(1 bidder to declare for\)/);
  });

  it("counts the scores still to submit, then says the evaluator waits for the chair", () => {
    expect(panelLine(progress({ owed: 6, submitted: 2 }))).toEqual({ text: "4 of 6 scores to submit", needsAction: true, withDeadline: false });
    expect(panelLine(progress({ owed: 1, submitted: 0 })).text).toBe("1 of 1 score to submit");
    expect(panelLine(progress({ owed: 3, submitted: 3 }))).toEqual({ text: "all your scores submitted; waiting for the chair", needsAction: false, withDeadline: false });
    expect(panelLine(progress({ owed: 3, submitted: 3, awardProposed: true })).text).toBe("all your scores submitted; an award is proposed and waits for approval");
    expect(panelLine(progress({ owed: 0 })).text).toMatch(/^nothing for you to score/);
  });

  it("says a locked evaluation is locked, whatever was submitted", () => {
    expect(panelLine(progress({ scoresLocked: true, owed: 3, submitted: 1 })).text).toBe("scores locked");
  });

  it("says a BAFO round waits for its opening, not 'declare and score'", () => {
    for (const state of ["bafo-open", "bafo-closed"] as const) {
      expect(panelLine(progress({ state, currentRound: 2, owed: 3, submitted: 3 }))).toEqual({ text: "round 2 bids not yet opened; you score them once they are", needsAction: false, withDeadline: true });
    }
  });

  it("before the opening, after the award and when cancelled says so", () => {
    expect(panelLine(progress({ state: "closed", undeclared: 3 }))).toEqual({ text: "scoring starts after the opening", needsAction: false, withDeadline: true });
    expect(panelLine(progress({ state: "awarded" })).text).toBe("awarded: the evaluation is complete");
    expect(panelLine(progress({ state: "concluded" })).text).toBe("awarded: the evaluation is complete");
    expect(panelLine(progress({ state: "cancelled" })).text).toBe("cancelled: nothing to score");
  });
});
