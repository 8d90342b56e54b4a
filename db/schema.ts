// One Database type for Kysely, assembled from one interface per table.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** A timestamptz column: the database fills it by default, we read it as a Date. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type OrganisationKind = "buyer" | "vendor";
export type Role = "buyer" | "evaluator" | "admin" | "vendor";

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
}

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  sign_in_attempts: SignInAttemptTable;
  audit_events: AuditEventTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type AuditEvent = Selectable<AuditEventTable>;
