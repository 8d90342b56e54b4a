// One Database type for Kysely, assembled from one interface per table.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** A timestamptz column: the database fills it by default, we read it as a Date. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type OrganisationKind = "buyer" | "vendor";
export type Role = "buyer" | "evaluator" | "admin" | "vendor" | "operator";

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MembershipTable {
  user_id: string;
  organisation_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** sha256 of the token in the cookie: a leaked table cannot be replayed as cookies. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  attempted_at: CreatedAt;
}

export interface RegistrationAttemptTable {
  id: Generated<number>;
  ip: string;
  attempted_at: CreatedAt;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: ColumnType<Date, Date | string, never>;
  actor_user_id: string | null;
  actor_ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
  /** Its chain (decision 013): "rfp:<id>", "accounts", or "legacy" for rows before streams. */
  stream: string;
  /** 1, 2, 3… within the stream. */
  stream_seq: number;
}

/** Each audit stream's head: the appenders' lock and the anchor of verification. */
export interface AuditStreamTable {
  stream: string;
  head_seq: number;
  head_hash: string;
}

export type NotificationStatus = "queued" | "sent" | "failed";

export interface NotificationOutboxTable {
  id: Generated<number>;
  created_at: CreatedAt;
  kind: string;
  rfp_id: string | null;
  to_email: string;
  subject: string;
  body: string;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Date | null;
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

// ── RFPs ──────────────────────────────────────────────────────────────────────────────
// jsonb columns are typed `unknown` here and parsed with the app/domain/rfp schemas when
// read (db/queries/rfps.ts), so a row never reaches a service unvalidated.
type Json = ColumnType<unknown, string, string>;
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface RfpTable {
  id: Generated<string>;
  buyer_organisation_id: string;
  created_by: string | null;
  template: string | null;
  copied_from_rfp_id: string | null;
  title: Generated<string>;
  reference: Generated<string>;
  summary: Generated<string>;
  scope: Generated<string>;
  category: string | null;
  currency: Generated<string>;
  horizon_months: number | null;
  questions_close_at: OptionalTimestamp;
  bids_close_at: OptionalTimestamp;
  bid_validity_days: number | null;
  term_sheet: Json;
  bundle_slots: Json;
  criteria: Json;
  sla_requirements: Json;
  is_public: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  published_at: OptionalTimestamp;
  published_by: string | null;
  cancelled_at: OptionalTimestamp;
  cancelled_by: string | null;
  cancellation_reason: string | null;
  /** Two envelopes: evaluators see no money issue or evaluated price until judged scores are locked. */
  quality_before_price: Generated<boolean>;
  /** Days an approved award stays provisional before it can be concluded (migration 0010). */
  standstill_days: Generated<number>;
}

/** The buyer's confidential position: only buyer-side queries of the owning organisation read it. */
export interface RfpConfidentialTable {
  rfp_id: string;
  reservation_price_minor: number | null;
  batna: ColumnType<unknown, string | null, string | null>;
  notes: Generated<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
  /** Random, per RFP: the audit trail's hashes of the position are salted with it (never shown to vendors, admins or evaluators). */
  audit_salt: ColumnType<string, never, never>;
}

export interface RfpInvitationTable {
  id: Generated<string>;
  rfp_id: string;
  email: string;
  token_hash: string;
  invited_at: CreatedAt;
  invited_by: string | null;
  sent_at: OptionalTimestamp;
  accepted_at: OptionalTimestamp;
  accepted_by: string | null;
  vendor_organisation_id: string | null;
}

export interface RfpParticipantTable {
  rfp_id: string;
  vendor_organisation_id: string;
  joined_via: "invitation" | "public";
  joined_at: CreatedAt;
  first_opened_at: OptionalTimestamp;
  first_opened_by: string | null;
  intends_to_bid: boolean | null;
  intent_declared_at: OptionalTimestamp;
  intent_declared_by: string | null;
}

export interface RfpAddendumTable {
  id: Generated<string>;
  rfp_id: string;
  number: number;
  kind: "amendment" | "deadline_extension";
  reason: string;
  changes: Json;
  bids_need_confirmation: boolean;
  rfp_version: number;
  issued_at: CreatedAt;
  issued_by: string | null;
}

export interface RfpAddendumAcknowledgementTable {
  addendum_id: string;
  vendor_organisation_id: string;
  acknowledged_at: CreatedAt;
  acknowledged_by: string | null;
}

export interface RfpQuestionTable {
  id: Generated<string>;
  rfp_id: string;
  vendor_organisation_id: string;
  asked_by: string | null;
  asked_at: CreatedAt;
  question: string;
  answer: string | null;
  answer_visibility: "private" | "published" | null;
  published_question: string | null;
  answered_at: OptionalTimestamp;
  answered_by: string | null;
}

// ── Bids ──────────────────────────────────────────────────────────────────────────────
// Content columns (bid_draft_contents, bid_version_contents) are read only through
// db/queries/sealed-bids.ts; a test fails if any other query or service names them.

export interface BidTable {
  id: Generated<string>;
  rfp_id: string;
  vendor_organisation_id: string;
  round: Generated<number>;
  draft_version: Generated<number>;
  draft_updated_at: OptionalTimestamp;
  draft_updated_by: string | null;
  created_at: CreatedAt;
}

export interface BidDraftContentTable {
  bid_id: string;
  content: Json;
}

export interface BidVersionTable {
  id: Generated<string>;
  bid_id: string;
  version_number: number;
  content_hash: string;
  received_at: Timestamp;
  submitted_by: string | null;
  idempotency_key: string;
  /** Set when a vendor confirmed its round-N bid unchanged in a later (BAFO) round. */
  carried_from_round: ColumnType<number | null, number | null | undefined, never>;
}

export interface BidVersionContentTable {
  bid_version_id: string;
  content: Json;
}

export interface BidWithdrawalTable {
  id: Generated<string>;
  bid_id: string;
  withdrawn_version: number;
  withdrawn_at: Timestamp;
  withdrawn_by: string | null;
}

export interface BidConfirmationTable {
  bid_id: string;
  addendum_id: string;
  version_number: number;
  confirmed_at: CreatedAt;
  confirmed_by: string | null;
}

/** A confirmed (two-key) opening: `started_by` turned the first key, `opened_by` the second. */
export interface BidOpeningTable {
  rfp_id: string;
  round: Generated<number>;
  opened_at: CreatedAt;
  opened_by: string | null;
  started_by: string | null;
  started_at: OptionalTimestamp;
  register_hash: string | null;
}

// ── Evaluation (issue #11) ────────────────────────────────────────────────────────────

export interface BidOpeningStartTable {
  rfp_id: string;
  round: Generated<number>;
  /** 1, then one more after each withdrawal (migration 0012): at most one pending per round. */
  attempt: Generated<number>;
  started_at: CreatedAt;
  started_by: string;
}

/** A start withdrawn before its confirmation, by its starter or an administrator, with a reason. */
export interface BidOpeningStartWithdrawalTable {
  rfp_id: string;
  round: number;
  attempt: number;
  withdrawn_at: CreatedAt;
  withdrawn_by: string;
  reason: string;
}

/** late: an organisation with refused late attempts only (no bid). */
export type RegisterStatus = "counted" | "withdrawn" | "hash-mismatch" | "late";

export interface BidOpeningRegisterTable {
  rfp_id: string;
  round: Generated<number>;
  vendor_organisation_id: string;
  vendor_name: string;
  status: RegisterStatus;
  version_number: number | null;
  received_at: Date | null;
  stored_hash: string | null;
  recomputed_hash: string | null;
  withdrawn_at: Date | null;
  /** [{ at: ISO string, reason: string }] from the audit trail's refused late submissions. */
  late_attempts: ColumnType<unknown, string | undefined, never>;
}

export interface BidOpeningDecisionTable {
  rfp_id: string;
  round: Generated<number>;
  vendor_organisation_id: string;
  decision: "admit" | "exclude";
  reason: string;
  decided_at: CreatedAt;
  decided_by: string;
}

export interface RfpPanelMemberTable {
  rfp_id: string;
  user_id: string;
  /** null: every judged criterion; else the judged criterion ids this evaluator scores. */
  criterion_ids: ColumnType<string[] | null, string | null, string | null>;
  added_at: CreatedAt;
  added_by: string | null;
}

export interface ConflictDeclarationTable {
  id: Generated<string>;
  rfp_id: string;
  user_id: string;
  vendor_organisation_id: string;
  has_conflict: boolean;
  note: Generated<string>;
  change_reason: string | null;
  declared_at: CreatedAt;
}

export interface EvaluatorScoreTable {
  rfp_id: string;
  round: Generated<number>;
  user_id: string;
  vendor_organisation_id: string;
  slot_id: string;
  criterion_id: string;
  /** 0..20: the score in half points, so 0–10 in halves is exact. */
  score_halves: number | null;
  justification: Generated<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  submitted_at: OptionalTimestamp;
}

export interface ScoreModerationTable {
  rfp_id: string;
  round: Generated<number>;
  vendor_organisation_id: string;
  slot_id: string;
  criterion_id: string;
  value_halves: number;
  reason: string;
  version: Generated<number>;
  moderated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  moderated_by: string;
}

export interface ScoreLockEventTable {
  id: Generated<number>;
  rfp_id: string;
  round: Generated<number>;
  action: "lock" | "unlock";
  reason: string | null;
  at: CreatedAt;
  by_user_id: string;
}

export interface EvaluationSnapshotTable {
  id: Generated<string>;
  rfp_id: string;
  round: Generated<number>;
  /** The exact text handed to the engine (and to `npm run evaluate`). */
  input_json: string;
  input_hash: string;
  engine_version: string;
  /** The exact text `npm run evaluate -- input --json` prints. */
  result_json: string;
  scores_locked: boolean;
  created_at: CreatedAt;
  created_by: string | null;
}

/** Per snapshot: what the results page header needs; confidential figures kept apart (buyers only). */
export interface EvaluationSnapshotResultTable {
  snapshot_id: string;
  bundle_count: number;
  summary: Json;
  confidential: Json;
}

/** Per snapshot and bundle: the ranking's sortable columns and the bundle page's detail (migration 0006). */
export interface EvaluationSnapshotBundleTable {
  snapshot_id: string;
  vendor_id: string;
  slot_id: string;
  vendor_name: string;
  slot_name: string;
  slot_position: number;
  rank: number | null;
  total: number;
  evaluated_price_minor: ColumnType<number, number, never>;
  quality: number;
  passes_gates: boolean;
  gate_failures: Json;
  best_of_vendor: boolean;
  tied: boolean;
  beats_batna: boolean;
  exceeds_reservation: boolean;
  clause_errors: number;
  clause_warnings: number;
  protection_minor: ColumnType<number | null, number | null, never>;
  on_frontier: boolean;
  points: Json;
  detail: Json;
}

// ── BAFO rounds and the award (issue #13, migration 0010) ─────────────────────────────

export interface BafoRoundTable {
  rfp_id: string;
  round: number;
  bids_close_at: Timestamp;
  note: Generated<string>;
  created_at: CreatedAt;
  created_by: string;
}

export interface BafoShortlistTable {
  rfp_id: string;
  round: number;
  vendor_organisation_id: string;
  reason: string;
}

export interface BafoAskTable {
  id: Generated<string>;
  rfp_id: string;
  round: number;
  vendor_organisation_id: string;
  if_we: string;
  could_you: string;
  source: "suggestion" | "free";
  suggestion: ColumnType<unknown, string | null | undefined, never>;
  created_at: CreatedAt;
  created_by: string;
}

export interface ConcessionAnnotationTable {
  rfp_id: string;
  vendor_organisation_id: string;
  line_key: string;
  note: string;
  updated_at: CreatedAt;
  updated_by: string;
}

export interface AwardTable {
  id: Generated<string>;
  rfp_id: string;
  round: number;
  snapshot_id: string;
  vendor_organisation_id: string;
  slot_id: string;
  rationale: string;
  deviation_reason: string | null;
  proposed_at: CreatedAt;
  proposed_by: string;
  approved_at: OptionalTimestamp;
  approved_by: string | null;
  standstill_ends_at: OptionalTimestamp;
  concluded_at: OptionalTimestamp;
  concluded_by: string | null;
  cancelled_at: OptionalTimestamp;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  sign_in_attempts: SignInAttemptTable;
  registration_attempts: RegistrationAttemptTable;
  audit_events: AuditEventTable;
  audit_streams: AuditStreamTable;
  rfps: RfpTable;
  rfp_confidential: RfpConfidentialTable;
  rfp_invitations: RfpInvitationTable;
  rfp_participants: RfpParticipantTable;
  rfp_addenda: RfpAddendumTable;
  rfp_addendum_acknowledgements: RfpAddendumAcknowledgementTable;
  rfp_questions: RfpQuestionTable;
  notification_outbox: NotificationOutboxTable;
  bids: BidTable;
  bid_draft_contents: BidDraftContentTable;
  bid_versions: BidVersionTable;
  bid_version_contents: BidVersionContentTable;
  bid_withdrawals: BidWithdrawalTable;
  bid_confirmations: BidConfirmationTable;
  bid_openings: BidOpeningTable;
  bid_opening_starts: BidOpeningStartTable;
  bid_opening_start_withdrawals: BidOpeningStartWithdrawalTable;
  bid_opening_register: BidOpeningRegisterTable;
  bid_opening_decisions: BidOpeningDecisionTable;
  rfp_panel_members: RfpPanelMemberTable;
  conflict_declarations: ConflictDeclarationTable;
  evaluator_scores: EvaluatorScoreTable;
  score_moderations: ScoreModerationTable;
  score_lock_events: ScoreLockEventTable;
  evaluation_snapshots: EvaluationSnapshotTable;
  evaluation_snapshot_results: EvaluationSnapshotResultTable;
  evaluation_snapshot_bundles: EvaluationSnapshotBundleTable;
  bafo_rounds: BafoRoundTable;
  bafo_shortlist: BafoShortlistTable;
  bafo_asks: BafoAskTable;
  concession_annotations: ConcessionAnnotationTable;
  awards: AwardTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type AuditEvent = Selectable<AuditEventTable>;
