// npm run db:migrate: applies pending migrations to the configured database.
import { migrateToLatest } from "../db/migrate";
import { withDatabase } from "./cli-database";

await withDatabase(async ({ db }) => {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
});
