import { describe, expect, it } from "vitest";
import { nextStep, nextStepReader, type RfpProgressFacts } from "./next-step";

const facts = (f: Partial<RfpProgressFacts>): RfpProgressFacts => ({ state: "opened", round: 1, unansweredQuestions: 0, scoresLocked: false, runs: 0, award: null, openingStart: null, ...f });
const civic = { vendorName: "Civic Crew Co-operative", standstillEndsAt: "2026-12-13T07:09:00.000Z" };

describe("the overview's next step", () => {
  it("follows the sourcing event from the open bids to the concluded contract, each with its tab", () => {
    expect(nextStep(facts({ state: "draft" }))).toBeNull();
    expect(nextStep(facts({ state: "cancelled" }))).toBeNull();
    expect(nextStep(facts({ state: "open", unansweredQuestions: 2 }))).toMatchObject({ text: expect.stringContaining("2 questions wait for your answer"), tab: "questions" });
    expect(nextStep(facts({ state: "open" }))).toMatchObject({ tab: "submissions" });
    expect(nextStep(facts({ state: "closed" }))).toMatchObject({ text: expect.stringContaining("the bids are sealed"), tab: "opening" });
    expect(nextStep(facts({ state: "opened" }))).toMatchObject({ text: expect.stringContaining("lock the scores and run the evaluation"), tab: "consensus" });
    expect(nextStep(facts({ state: "opened", runs: 1 }))).toMatchObject({ text: expect.stringContaining("has run on draft (unlocked) scores"), tab: "evaluation" });
    expect(nextStep(facts({ state: "opened", runs: 2, scoresLocked: true }))?.text).toContain("has run on locked scores");
    expect(nextStep(facts({ state: "bafo-open", round: 2 }))).toMatchObject({ text: expect.stringMatching(/^Round 2 \(best and final offers\) is open/), tab: "bafo" });
    expect(nextStep(facts({ state: "bafo-closed", round: 2 }))).toMatchObject({ link: "Open round 2's bids", tab: "opening" });
    expect(nextStep(facts({ state: "opened", round: 2, runs: 1, award: { status: "proposed", ...civic, standstillEndsAt: null } }))).toMatchObject({
      text: "An award to Civic Crew Co-operative is proposed and waits for a second person's approval.",
      tab: "award",
    });
    expect(nextStep(facts({ state: "awarded", runs: 1, scoresLocked: true, award: { status: "standstill", ...civic } }))).toMatchObject({ at: civic.standstillEndsAt, tab: "award" });
    expect(nextStep(facts({ state: "concluded", award: { status: "concluded", ...civic } }))).toMatchObject({ text: expect.stringContaining("with Civic Crew Co-operative is concluded"), tab: "pack" });
  });

  it("tells an evaluator its own steps and an administrator where the RFP stands, never a buyer's step as theirs", () => {
    expect(nextStepReader(["buyer"])).toBe("buyer");
    expect(nextStepReader(["evaluator"])).toBe("evaluator");
    expect(nextStepReader(["admin"])).toBe("other");
    // After the deadline an evaluator may be the second key, not the one who starts the opening.
    expect(nextStep(facts({ state: "closed" }), "evaluator")).toMatchObject({ text: expect.stringContaining("A buyer starts the two-key opening"), tab: "opening", link: "Go to the bid opening" });
    // Open for scoring: the evaluator declares and scores; the buyer's moderation, lock and run are named as the buyer's.
    const scoring = nextStep(facts({ state: "opened" }), "evaluator")!;
    expect(scoring).toMatchObject({ tab: "scoring", link: "Go to your scoring" });
    expect(scoring.text).toContain("score the criteria assigned to you; a buyer then moderates the flagged spreads");
    expect(nextStep(facts({ state: "opened" }), "other")!.text).toContain("the panel scores, then a buyer moderates");
    expect(nextStep(facts({ state: "opened", runs: 1 }), "evaluator")!.text).toContain("Read the results; a buyer then asks the strongest vendors");
    // Steps that are nobody's own in particular read the same for everyone.
    expect(nextStep(facts({ state: "bafo-open", round: 2 }), "evaluator")).toEqual(nextStep(facts({ state: "bafo-open", round: 2 })));
    expect(nextStep(facts({ state: "opened", runs: 1, award: { status: "proposed", ...civic, standstillEndsAt: null } }), "other")).toEqual(nextStep(facts({ state: "opened", runs: 1, award: { status: "proposed", ...civic, standstillEndsAt: null } })));
  });

  it("while a started opening waits for its second key, tells the starter to wait and the others to confirm, never 'Start the bid opening'", () => {
    const start = { at: new Date("2026-12-03T09:15:00Z"), startedById: "dana", startedByName: "Dana Okafor" };
    const starter = nextStep(facts({ state: "closed", openingStart: start }), "buyer", "dana")!;
    expect(starter).toMatchObject({ tab: "opening", link: "Waiting for a second person to confirm the opening", at: start.at, started: { by: "Dana Okafor", at: start.at } });
    expect(starter.text).toMatch(/^You started the opening of the bids; it waits for a second person/);
    expect(nextStep(facts({ state: "closed", openingStart: start }), "buyer", "lee")).toMatchObject({ link: "Confirm the bid opening", text: expect.stringMatching(/^Dana Okafor started the opening of the bids/) });
    expect(nextStep(facts({ state: "closed", openingStart: start }), "evaluator", "sam")).toMatchObject({ link: "Go to the bid opening", started: { by: "Dana Okafor" } });
    expect(nextStep(facts({ state: "bafo-closed", round: 2, openingStart: start }), "buyer", "dana")!.text).toContain("the opening of round 2's bids");
    // No start (or no reader given): the opening is still to start.
    expect(nextStep(facts({ state: "closed" }), "buyer", "dana")).toMatchObject({ link: "Start the bid opening" });
    // A start recorded against an opened round is no longer waiting (the read only gives pending ones; the rule checks the state too).
    expect(nextStep(facts({ state: "opened", openingStart: start }), "buyer", "dana")!.link).not.toMatch(/opening/);
  });

  it("names the round once a BAFO round has run", () => {
    expect(nextStep(facts({ state: "opened", round: 2 }))?.text).toMatch(/^Round 2's bids are open for scoring/);
    expect(nextStep(facts({ state: "opened", round: 2, runs: 1 }))?.text).toMatch(/^The evaluation of round 2 has run/);
  });
});
