// Carry-over at a BAFO round's opening: a bundle the vendor left exactly as it was (values and
// clauses) keeps the evaluators' scores and the chair's moderations of the previous round;
// evaluators may still change them. A changed bundle starts unscored.
import { copyRoundScores } from "../../../db/queries/bafo";
import type { Executor } from "../../../db/queries/executor";
import { readOpenedBidContents } from "../../../db/queries/sealed-bids";
import { unchangedSlots } from "../../domain/bafo/round";
import { bidContentSchema } from "../../domain/bids/content";
import { auditRfp, type RfpActor } from "../rfps/access.server";

export async function carryOverUnchangedScores(
  trx: Executor,
  rfpId: string,
  round: number,
  bids: readonly { vendorOrganisationId: string; content: unknown }[],
  actor: RfpActor,
): Promise<{ bundles: number; scores: number }> {
  if (bids.length === 0) return { bundles: 0, scores: 0 };
  const previous = await readOpenedBidContents(trx, rfpId, round - 1, bids.map((b) => b.vendorOrganisationId));
  if (previous.sealed) return { bundles: 0, scores: 0 };
  const before = new Map(previous.bids.filter((b) => !b.withdrawn).map((b) => [b.vendorOrganisationId, b.content]));
  const carried: { vendorOrganisationId: string; slotId: string }[] = [];
  for (const bid of bids) {
    // The earlier round's content comes validated (readOpenedBidContents); the new one is the caller's.
    const then = before.get(bid.vendorOrganisationId);
    const now = bidContentSchema.safeParse(bid.content);
    if (!now.success || !then) continue;
    for (const slotId of unchangedSlots(then, now.data)) carried.push({ vendorOrganisationId: bid.vendorOrganisationId, slotId });
  }
  const scores = await copyRoundScores(trx, rfpId, round - 1, round, carried);
  await auditRfp(trx, actor, "evaluation.scores-carried-over", rfpId, { round, fromRound: round - 1, bundles: carried, scores });
  return { bundles: carried.length, scores };
}
