// What the people who propose and approve an award read of the ranking it rests on (decision 020,
// "The approver reads the ranking"): the top of the run's ranking, the awarded bundle's place,
// the bundles that scored higher but failed a gate, how far the award departs from the ranking,
// and the consensus's flagged spreads, open or moderated. Pure: the service reads the run and the
// consensus table, this decides what is shown and in which order.
import type { ConsensusChange, ConsensusTable } from "../evaluation-workspace/consensus";

export const SUMMARY_TOP_BUNDLES = 5;
export const SUMMARY_GATED_BUNDLES = 5;
export const SUMMARY_FLAGGED_SPREADS = 10;
export const SUMMARY_CONSENSUS_CHANGES = 5;

export interface SummaryBundle {
  vendorId: string;
  slotId: string;
  vendorName: string;
  slotName: string;
  /** The place in the ranking; null when a gate failed. */
  rank: number | null;
  total: number;
  evaluatedPriceMinor: number;
  gateFailures: readonly { gateName: string; reason: string }[];
}

export interface SummaryRow extends SummaryBundle {
  key: string;
  awarded: boolean;
  topRanked: boolean;
}

const keyOf = (b: Pick<SummaryBundle, "vendorId" | "slotId">) => `${b.vendorId}/${b.slotId}`;

/**
 * The rows: the top five of the ranking by place, the awarded bundle after them when it is not
 * among them, then the bundles that failed a gate with a higher total than the awarded one (what
 * the ranking left out although it scored better), highest total first, at most five.
 */
export function summaryRows(input: { top: readonly SummaryBundle[]; awarded: SummaryBundle; gated: readonly SummaryBundle[] }): SummaryRow[] {
  const awardedKey = keyOf(input.awarded);
  const ranked = [...input.top].filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!).slice(0, SUMMARY_TOP_BUNDLES);
  if (!ranked.some((b) => keyOf(b) === awardedKey)) ranked.push(input.awarded);
  const gatedAbove = input.gated
    .filter((b) => b.rank === null && b.total > input.awarded.total && keyOf(b) !== awardedKey)
    .sort((a, b) => b.total - a.total)
    .slice(0, SUMMARY_GATED_BUNDLES);
  return [...ranked, ...gatedAbove].map((b) => ({ ...b, key: keyOf(b), awarded: keyOf(b) === awardedKey, topRanked: b.rank === 1 }));
}

export interface RankingDeviation {
  /** The awarded bundle's place (never null: a bundle that failed a gate cannot be proposed). */
  awardedRank: number | null;
  topName: string;
  /** Points the awarded bundle is behind the top-ranked one. */
  pointsBehind: number;
}

/** How the award departs from the ranking: null when it goes to the top-ranked bundle (or the ranking has none). */
export function deviationFromRanking(rows: readonly SummaryRow[]): RankingDeviation | null {
  const awarded = rows.find((r) => r.awarded);
  const top = rows.find((r) => r.topRanked);
  if (!awarded || !top || awarded.topRanked) return null;
  return { awardedRank: awarded.rank, topName: `${top.vendorName} — ${top.slotName}`, pointsBehind: Math.max(0, top.total - awarded.total) };
}

export interface FlaggedSpread {
  criterionName: string;
  vendorName: string;
  slotName: string;
  rank: number | null;
  /** Highest minus lowest submitted score, 0–10. */
  spread: number;
  /** The consensus that counts: the method's value, or the moderated one. */
  consensus: number | null;
  moderation: { value: number; reason: string; byName: string } | null;
}

export interface FlaggedSpreads {
  open: number;
  moderated: number;
  /** Open ones first, then by the bundle's place; at most SUMMARY_FLAGGED_SPREADS. */
  listed: FlaggedSpread[];
  /** Flagged spreads not listed. */
  more: number;
}

/** The consensus's flagged spreads (scores further apart than the margin), counted open or moderated. */
export function flaggedSpreads(table: Pick<ConsensusTable, "criteria">, rankOf: (vendorId: string, slotId: string) => number | null): FlaggedSpreads {
  const all: FlaggedSpread[] = [];
  for (const c of table.criteria) {
    for (const cell of c.cells) {
      if (!cell.spreadFlagged) continue;
      all.push({
        criterionName: c.name,
        vendorName: cell.vendorName,
        slotName: cell.slotName,
        rank: rankOf(cell.vendorOrganisationId, cell.slotId),
        spread: cell.spread ?? 0,
        consensus: cell.consensus,
        moderation: cell.moderation ? { value: cell.moderation.value, reason: cell.moderation.reason, byName: cell.moderation.moderatedByName } : null,
      });
    }
  }
  const place = (r: number | null) => (r === null ? Number.MAX_SAFE_INTEGER : r);
  all.sort((a, b) => Number(a.moderation !== null) - Number(b.moderation !== null) || place(a.rank) - place(b.rank));
  const moderated = all.filter((s) => s.moderation !== null).length;
  return { open: all.length - moderated, moderated, listed: all.slice(0, SUMMARY_FLAGGED_SPREADS), more: Math.max(0, all.length - SUMMARY_FLAGGED_SPREADS) };
}

/** The changed cells the page names (the rest are counted), the top of the ranking first. */
export function listedConsensusChanges(changes: readonly ConsensusChange[], rankOf: (vendorId: string, slotId: string) => number | null): ConsensusChange[] {
  const place = (c: ConsensusChange) => rankOf(c.vendorOrganisationId, c.slotId) ?? Number.MAX_SAFE_INTEGER;
  return [...changes].sort((a, b) => place(a) - place(b)).slice(0, SUMMARY_CONSENSUS_CHANGES);
}
