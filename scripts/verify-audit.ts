// npm run audit:verify: checks that every audit event chains to the one before it.
import { verifyAuditChain } from "../db/queries/audit";
import { withDatabase } from "./cli-database";

await withDatabase(async ({ db }) => {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    console.log(`Audit trail intact: ${result.checked} events verified.`);
  } else {
    console.error(`Audit trail broken at event ${result.brokenAt!.id}: ${result.brokenAt!.reason} (${result.checked} events before it verified).`);
    process.exitCode = 1;
  }
});
