// Tenancy (issue #10, item 3): a platform-operator role beside the organisation roles. An
// operator manages organisations and is created only by the CLI; an organisation's admin
// manages its own users. The role lives in memberships like every other role.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table memberships drop constraint if exists memberships_role_check`.execute(db);
  await sql`alter table memberships add constraint memberships_role_check check (role in ('buyer', 'evaluator', 'admin', 'vendor', 'operator'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from memberships where role = 'operator'`.execute(db);
  await sql`alter table memberships drop constraint if exists memberships_role_check`.execute(db);
  await sql`alter table memberships add constraint memberships_role_check check (role in ('buyer', 'evaluator', 'admin', 'vendor'))`.execute(db);
}
