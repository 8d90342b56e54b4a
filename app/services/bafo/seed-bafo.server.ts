// Demo BAFO data, through the same services people use (audit trail, outbox, receipts):
// - RIV-2026-017 (field services, round 1 evaluated) goes through a completed BAFO round 2:
//   Civic Crew and Northfield shortlisted with reasons; Civic Crew asked, from the engine's
//   suggestion, to take 48 months and seasonal scheduling on its balanced bundle for a lower
//   monthly fee, and it does; Northfield confirms its round-1 bid unchanged; the round's
//   deadline passes; two people open it; scores of unchanged bundles carry over, both
//   evaluators score the changed one; the evaluation runs (round 2's snapshot).
// - RIV-2026-018 (grounds maintenance) is evaluated in round 1 only: the starting point of a
//   BAFO round for a new user (and of the browser test).
// - RIV-2026-020 (snow and ice clearance) is in an open BAFO round 2 (closing a week after the
//   seeding) with the same shortlist and asks and no round-2 bid yet: what a shortlisted
//   vendor sees while it may still improve its offer (and what a vendor left off it sees).
// Idempotent: a step already done is skipped.
import type { Kysely } from "kysely";
import { findLatestBafoRound } from "../../../db/queries/bafo";
import { closeBafoRoundNow, closeBidsNow } from "../../../db/queries/demo";
import { listAdmittedBidders } from "../../../db/queries/evaluation-access";
import { listRoundScores } from "../../../db/queries/evaluation-results";
import { findSnapshotHead } from "../../../db/queries/evaluation-snapshot-bundles";
import { definitionOf, findRfp } from "../../../db/queries/rfps";
import type { Database } from "../../../db/schema";
import type { ConditionalAsk } from "../../domain/bafo/round";
import { bidContentSchema } from "../../domain/bids/content";
import { getBidWorkspace, saveBidDraft, submitBid } from "../bids/index.server";
import { seedDemoBids } from "../bids/seed-bids.server";
import { confirmOpening, startOpening } from "../evaluation/opening.server";
import { saveScores } from "../evaluation/scoring.server";
import { seedDemoEvaluation } from "../evaluation/seed-evaluation.server";
import { runEvaluation } from "../evaluation/snapshots.server";
import type { RfpActor } from "../rfps/access.server";
import { confirmBidUnchanged } from "./confirm-unchanged.server";
import { createBafoRound, getBafoPage } from "./round.server";

type ActorOf = (email: string) => Promise<RfpActor>;
type PublishDemoRfp = (spec: { reference: string; title: string; vendors: readonly string[] }) => Promise<{ id: string; created: boolean }>;

export const DEMO_BAFO_REFERENCES = { bafoDone: "RIV-2026-017", evaluated: "RIV-2026-018", bafoOpen: "RIV-2026-020" } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_THREE = ["vendor1@demo.pareto", "vendor2@demo.pareto", "vendor3@demo.pareto"] as const;
const CIVIC_CREW = "Civic Crew Co-operative";
const NORTHFIELD = "Northfield Field Services Ltd";
/** Civic Crew's round-2 monthly fee on its balanced bundle (minor units). */
const CIVIC_CREW_ROUND2_FEE_MINOR = 7_450_000;

/** The engine's suggestion for Civic Crew that trades term and scheduling, in its two parts. */
function civicCrewAsk(suggestions: readonly { index: number; ask: string; parts: ConditionalAsk | null }[]): { index: number | null; ask: ConditionalAsk } {
  const trade = suggestions.find((s) => s.parts && /48|seasonal/i.test(s.ask)) ?? suggestions.find((s) => s.parts);
  if (trade?.parts) return { index: trade.index, ask: trade.parts };
  return { index: null, ask: { ifWe: "take a 48-month term with seasonal scheduling on your balanced bundle", couldYou: "lower its monthly fee" } };
}

/** Round 2 opened on an RFP evaluated in round 1: Civic Crew and Northfield shortlisted with their asks; its number, or null when it cannot be (already there, or no evaluation). */
async function openRoundTwo(db: Kysely<Database>, rfpId: string, actorOf: ActorOf): Promise<number | null> {
  if (await findLatestBafoRound(db, rfpId)) return null;
  if (!(await findSnapshotHead(db, rfpId, 1, null))) return null;
  const buyer = await actorOf("buyer@demo.pareto");
  const page = await getBafoPage(db, rfpId, buyer);
  const civic = page.candidates.find((c) => c.vendorName === CIVIC_CREW);
  const northfield = page.candidates.find((c) => c.vendorName === NORTHFIELD);
  if (page.blocked || !civic || !northfield) return null;
  const civicAsk = civicCrewAsk(civic.suggestions);
  const { round } = await createBafoRound(
    db,
    rfpId,
    {
      bidsCloseAt: new Date(Date.now() + 7 * DAY_MS),
      note: "Best and final offers from the best value of round 1 and a bidder whose reliability-optimised bundle a longer term could bring within reach.",
      shortlist: [
        { vendorOrganisationId: civic.vendorOrganisationId, reason: "Best value in round 1; its three bundles show it prices a longer term and seasonal scheduling well below its fee.", suggestionIndex: civicAsk.index, ask: civicAsk.ask },
        {
          vendorOrganisationId: northfield.vendorOrganisationId,
          reason: "Its reliability-optimised bundle offers the service levels we want; a longer term could bring its fee within reach.",
          suggestionIndex: null,
          ask: { ifWe: "take your reliability-optimised bundle for 48 months", couldYou: "lower its monthly fee by 3%" },
        },
      ],
    },
    buyer,
  );
  return round;
}

async function seedRoundTwo(db: Kysely<Database>, rfpId: string, actorOf: ActorOf): Promise<void> {
  const round = await openRoundTwo(db, rfpId, actorOf);
  if (round === null) return;
  const buyer = await actorOf("buyer@demo.pareto");

  // Civic Crew takes the trade on its balanced bundle; Northfield keeps its round-1 bid.
  const civicVendor = await actorOf("vendor2@demo.pareto");
  const workspace = await getBidWorkspace(db, rfpId, civicVendor);
  const content = bidContentSchema.parse(workspace.draft.content);
  const balanced = content.bundles.find((b) => b.slotId === "balanced") ?? content.bundles[content.bundles.length - 1]!;
  balanced.values.termMonths = 48;
  balanced.values.scheduling = "seasonal";
  balanced.values.monthlyFee = CIVIC_CREW_ROUND2_FEE_MINOR;
  await saveBidDraft(db, rfpId, { expectedVersion: workspace.draft.version, draft: content }, civicVendor);
  await submitBid(db, rfpId, { idempotencyKey: `demo-seed:${rfpId}:round-${round}` }, civicVendor);
  await confirmBidUnchanged(db, rfpId, { idempotencyKey: `demo-seed:${rfpId}:round-${round}` }, await actorOf("vendor1@demo.pareto"));

  // The round's deadline passes; two people open it; the changed bundle is scored; the evaluation runs.
  await closeBafoRoundNow(db, rfpId, round);
  await startOpening(db, rfpId, buyer);
  await confirmOpening(db, rfpId, await actorOf("evaluator@demo.pareto"));
  await scoreUnscoredBundles(db, rfpId, round, actorOf);
  await runEvaluation(db, rfpId, buyer);
}

/** Both evaluators score every judged cell of the round that has no submitted score of theirs. */
async function scoreUnscoredBundles(db: Kysely<Database>, rfpId: string, round: number, actorOf: ActorOf): Promise<void> {
  const definition = definitionOf((await findRfp(db, rfpId))!);
  const judged = definition.criteria.criteria.filter((c) => c.kind === "judged").map((c) => c.id);
  const bidders = await listAdmittedBidders(db, rfpId, round);
  const scores = await listRoundScores(db, rfpId, round);
  for (const [email, score] of [["evaluator@demo.pareto", 7.5], ["evaluator2@demo.pareto", 7]] as const) {
    const evaluator = await actorOf(email);
    const has = new Set(scores.filter((s) => s.userId === evaluator.id && s.submittedAt !== null).map((s) => `${s.vendorOrganisationId}/${s.slotId}/${s.criterionId}`));
    const entries = bidders.flatMap((b) =>
      definition.bundleSlots.flatMap((slot) =>
        judged
          .filter((criterionId) => !has.has(`${b.vendorOrganisationId}/${slot.id}/${criterionId}`))
          .map((criterionId) => ({ vendorOrganisationId: b.vendorOrganisationId, slotId: slot.id, criterionId, score, justification: "Round 2: the longer term with seasonal crews keeps the cover plan credible." })),
      ),
    );
    if (entries.length > 0) await saveScores(db, rfpId, evaluator, { entries, submit: true });
  }
}

/** RIV-2026-017's BAFO round 2, RIV-2026-018 evaluated in round 1 and RIV-2026-020 in an open BAFO round (created if missing). */
export async function seedDemoBafo(db: Kysely<Database>, fieldServicesId: string, publish: PublishDemoRfp, actorOf: ActorOf): Promise<void> {
  await seedRoundTwo(db, fieldServicesId, actorOf);
  const evaluated = await publish({ reference: DEMO_BAFO_REFERENCES.evaluated, title: "Grounds maintenance for sports fields and cemeteries (City of Riverton)", vendors: FIRST_THREE });
  if (evaluated.created) {
    await seedDemoBids(db, evaluated.id, actorOf, FIRST_THREE);
    await closeBidsNow(db, evaluated.id);
    await seedDemoEvaluation(db, evaluated.id, actorOf);
  }
  const bafoOpen = await publish({ reference: DEMO_BAFO_REFERENCES.bafoOpen, title: "Snow and ice clearance crews (City of Riverton)", vendors: FIRST_THREE });
  if (bafoOpen.created) {
    await seedDemoBids(db, bafoOpen.id, actorOf, FIRST_THREE);
    await closeBidsNow(db, bafoOpen.id);
    await seedDemoEvaluation(db, bafoOpen.id, actorOf);
    await openRoundTwo(db, bafoOpen.id, actorOf);
  }
}
