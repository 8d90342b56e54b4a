// The demo's evaluation, through the same services people use: the two-key opening (the buyer
// starts it, the evaluator confirms it), the panel, conflict declarations, two evaluators'
// submitted scores (one cell's spread flagged, left for the chair's moderation) and one stored
// evaluation run on the draft consensus.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { listAdmittedBidders } from "../../../db/queries/evaluation-access";
import { definitionOf, findRfp } from "../../../db/queries/rfps";
import type { RfpActor } from "../rfps/access.server";
import { declareConflicts } from "./conflicts.server";
import { confirmOpening, startOpening } from "./opening.server";
import { setPanel } from "./panel.server";
import { saveScores } from "./scoring.server";
import { runEvaluation } from "./snapshots.server";

type ActorOf = (email: string) => Promise<RfpActor>;

const PANEL = ["evaluator@demo.pareto", "evaluator2@demo.pareto"] as const;

/** Names the demo panel (both evaluators, every judged criterion). */
export async function seedDemoPanel(db: Kysely<Database>, rfpId: string, actorOf: ActorOf): Promise<void> {
  const buyer = await actorOf("buyer@demo.pareto");
  const members = await Promise.all(PANEL.map(async (email) => ({ userId: (await actorOf(email)).id, criterionIds: null })));
  await setPanel(db, rfpId, { members }, buyer);
}

/** Scores 0–10 per bidder (in name order) and bundle (A, B, C), per evaluator, with one wide spread. */
const SCORES: Record<(typeof PANEL)[number], number[][]> = {
  "evaluator@demo.pareto": [
    [6, 7.5, 7],
    [7, 8, 7.5],
    [5.5, 6.5, 6],
    [6.5, 8.5, 7],
    [5, 6, 5.5],
  ],
  "evaluator2@demo.pareto": [
    [6.5, 7, 7],
    [6.5, 8.5, 7],
    [5, 6.5, 6.5],
    [6, 8, 7.5],
    // Northfield's reliability bundle: 6 against 2.5 — a spread of 3.5 over the margin of 3.
    [5, 2.5, 5],
  ],
};

const JUSTIFICATIONS = [
  "Crew cover and escalation are described; equipment redundancy is thin.",
  "A credible plan: standby crews, named escalation contacts and a spare-vehicle pool.",
  "Complaint handling is linked to the 311 system with weekly reviews; cover in winter is less clear.",
];

export async function seedDemoEvaluation(db: Kysely<Database>, rfpId: string, actorOf: ActorOf): Promise<void> {
  const buyer = await actorOf("buyer@demo.pareto");
  await startOpening(db, rfpId, buyer);
  await confirmOpening(db, rfpId, await actorOf("evaluator@demo.pareto"));
  await seedDemoPanel(db, rfpId, actorOf);
  const bidders = await listAdmittedBidders(db, rfpId);
  const definition = definitionOf((await findRfp(db, rfpId))!);
  const slots = definition.bundleSlots.map((s) => s.id);
  const judged = definition.criteria.criteria.filter((c) => c.kind === "judged").map((c) => c.id);
  for (const email of PANEL) {
    const evaluator = await actorOf(email);
    await declareConflicts(db, rfpId, { declarations: bidders.map((b) => ({ vendorOrganisationId: b.vendorOrganisationId, hasConflict: false, note: "" })) }, evaluator);
    const entries = bidders.flatMap((b, v) =>
      judged.flatMap((criterionId) =>
        slots.map((slotId, s) => ({ vendorOrganisationId: b.vendorOrganisationId, slotId, criterionId, score: SCORES[email][v % SCORES[email].length]![s]!, justification: JUSTIFICATIONS[s]! })),
      ),
    );
    await saveScores(db, rfpId, evaluator, { entries, submit: true });
  }
  await runEvaluation(db, rfpId, buyer);
}
