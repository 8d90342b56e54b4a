// The award and the debrief as plain data (issue #13): what the award pages, the notices, the
// award pack (issue #14) and the debrief PDF read. Built by app/services/awards from one
// evaluation snapshot; never holds confidential figures (reservation price, BATNA).

/** Derived from the award's timestamps: proposed → approved (standstill) → concluded | cancelled. */
export type AwardStatus = "proposed" | "standstill" | "concluded" | "cancelled";

export interface PersonRef {
  id: string;
  name: string;
}

export interface AwardSummary {
  id: string;
  rfpId: string;
  round: number;
  /** The evaluation snapshot the award was decided on (its id and input hash). */
  snapshotId: string;
  snapshotInputHash: string;
  vendorOrganisationId: string;
  vendorName: string;
  slotId: string;
  slotName: string;
  /** The awarded bundle's total (0–100) and evaluated price in minor units, from the snapshot. */
  total: number;
  evaluatedPriceMinor: number;
  currency: string;
  rationale: string;
  /** Required when the awarded bundle is not the top-ranked bundle that passes the gates. */
  deviationReason: string | null;
  status: AwardStatus;
  proposedBy: PersonRef;
  proposedAt: string;
  approvedBy: PersonRef | null;
  approvedAt: string | null;
  standstillDays: number;
  standstillEndsAt: string | null;
  concludedBy: PersonRef | null;
  concludedAt: string | null;
  cancelledBy: PersonRef | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

/** One criterion of a losing bidder's debrief: its own points beside the winning bundle's. */
export interface DebriefCriterion {
  criterionId: string;
  name: string;
  weight: number;
  ownPoints: number;
  winnerPoints: number;
}

export interface DebriefImprovement {
  severity: "error" | "warning" | "info";
  /** Where: the bundle (slot name) and the clause or SLA. */
  where: string;
  message: string;
  suggestion: string;
}

/** A losing bidder's debrief: its own scores and findings, the winner's points, nothing of anyone else. */
export interface Debrief {
  rfpId: string;
  rfpReference: string;
  rfpTitle: string;
  buyerName: string;
  currency: string;
  vendorOrganisationId: string;
  vendorName: string;
  round: number;
  snapshotId: string;
  snapshotInputHash: string;
  winner: { vendorName: string; slotName: string; total: number; evaluatedPriceMinor: number };
  /** The vendor's best bundle (the one compared), with its place among all bundles that pass the gates (null when gated out). */
  own: { slotId: string; slotName: string; total: number; evaluatedPriceMinor: number; rank: number | null; gateFailures: string[] };
  /** Every bundle of the vendor: total and place. */
  ownBundles: Array<{ slotId: string; slotName: string; total: number; rank: number | null; passesGates: boolean }>;
  criteria: DebriefCriterion[];
  /** The relative advantages of the winning bid, in words ("Scores 8.2 more points on Reliability (weight 25)"). */
  advantages: string[];
  /**
   * The award decision's reasons as the buyer wrote them (the award form says they are quoted to
   * every losing bidder): a bidder that outscored the winner learns why it was passed over.
   */
  awardReasons: { rationale: string; deviationReason: string | null };
  improvements: DebriefImprovement[];
  standstillEndsAt: string | null;
  awardApprovedAt: string | null;
}

/** One field of a contract schedule's line: "Cap" → "15 % of the month's fee". */
export interface ScheduleFact {
  label: string;
  value: string;
}

/** One clause of the winner's contract schedule: its kind and the fields that kind has, no others. */
export interface ContractScheduleClause {
  kind: string;
  facts: ScheduleFact[];
}

export interface ContractScheduleSla {
  metric: string;
  /** The target and how it is measured: "Emergency response time: at most 5 hours, measured per calendar month". */
  heading: string;
  verification: string;
  remedies: ContractScheduleClause[];
}

/** The awarded bundle as the winner's contract schedule: commercial terms, SLAs with their remedies, other clauses. */
export interface ContractSchedule {
  rfpId: string;
  vendorName: string;
  slotName: string;
  currency: string;
  /** Every issue of the term sheet with the awarded bundle's value (money in the RFP's currency). */
  commercialTerms: ScheduleFact[];
  slas: ContractScheduleSla[];
  /** Clauses not tied to one SLA: contingent clauses and the contract terms (credit cap, termination, transition, renewal). */
  otherClauses: ContractScheduleClause[];
}
