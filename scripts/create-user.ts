// npm run user:create -- --email E --name N --role buyer|evaluator|admin --organisation NAME [--password P]
// npm run user:create -- --email E --name N --role operator [--organisation NAME] [--password P]
// Creates a buyer-side account; the buyer organisation is created when it does not exist.
// `operator` (the platform operator, who manages organisations) can be created only here.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { findOrganisationByName, insertOrganisation } from "../db/queries/accounts";
import { migrateToLatest } from "../db/migrate";
import { createUserSchema } from "../app/domain/accounts";
import { DomainError } from "../app/domain/errors";
import { createBuyerSideUser } from "../app/services/accounts.server";
import { createPlatformOperator, OPERATOR_ORGANISATION } from "../app/services/operators.server";
import { withDatabase } from "./cli-database";

const USAGE =
  "Usage: npm run user:create -- --email E --name N --role buyer|evaluator|admin --organisation NAME [--password P]\n" +
  "       npm run user:create -- --email E --name N --role operator [--organisation NAME] [--password P]";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, organisation: { type: "string" }, password: { type: "string" } },
});
const operator = values.role === "operator";
if (!operator && !values.organisation?.trim()) {
  console.error(USAGE);
  process.exit(1);
}
const password = values.password ?? randomBytes(12).toString("base64url");

// Check the fields before touching the database, so a typo creates no organisation.
const personSchema = createUserSchema.omit({ organisationId: true, role: true });
const fields = operator
  ? personSchema.safeParse({ email: values.email, name: values.name, password })
  : createUserSchema.omit({ organisationId: true }).safeParse({ email: values.email, name: values.name, role: values.role, password });
if (!fields.success) {
  for (const issue of fields.error.issues) console.error(`--${String(issue.path[0])}: ${issue.message}`);
  console.error(USAGE);
  process.exit(1);
}

await withDatabase(async ({ db }) => {
  await migrateToLatest(db);
  try {
    if (operator) {
      const { user, organisation } = await createPlatformOperator(db, fields.data, values.organisation?.trim() || OPERATOR_ORGANISATION);
      console.log(`Created platform operator ${user.email} in ${organisation.name}.`);
    } else {
      const organisation =
        (await findOrganisationByName(db, values.organisation!.trim())) ?? (await insertOrganisation(db, { name: values.organisation!.trim(), kind: "buyer" }));
      const parsed = createUserSchema.safeParse({ ...fields.data, organisationId: organisation.id });
      if (!parsed.success) throw new Error(parsed.error.message);
      const { user } = await createBuyerSideUser(db, parsed.data, { userId: null, ip: "cli" });
      console.log(`Created ${parsed.data.role} ${user.email} in ${organisation.name}.`);
    }
    if (!values.password) console.log(`Initial password: ${password}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
});
