// npm run db:seed: adds the demo data (idempotent) to the configured database.
import { migrateToLatest } from "../db/migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../app/services/seed-demo.server";
import { withDatabase } from "./cli-database";

await withDatabase(async ({ db }) => {
  await migrateToLatest(db);
  const { createdUsers } = await seedDemo(db);
  console.log(createdUsers ? `Created ${createdUsers} demo accounts.` : "The demo data was already there.");
  console.log(`Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`).join(", ")}`);
});
