// Counts for the dashboards.
import { sql } from "kysely";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import type { Executor } from "./executor";

export async function colleaguesOf(db: Executor, organisationId: string) {
  return colleagues.rows(db, { organisationId });
}

const colleagues = builtOnce((db, { organisationId }: { organisationId: string }) =>
  db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.name", "users.email", "memberships.role"])
    .where("memberships.organisation_id", "=", organisationId)
    .orderBy("memberships.role")
    .orderBy("users.name")
    .modifyFront(sql.raw(PREPARED)),
);
