// npm run audit:verify: checks every audit stream (decision 013): each event chains to the one
// before it in its stream, and each stream ends at the head its register records.
import { verifyAuditChain } from "../db/queries/audit";
import { withDatabase } from "./cli-database";

await withDatabase(async ({ db }) => {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    console.log(`Audit trail intact: ${result.checked} events in ${result.streams} streams verified.`);
  } else {
    const b = result.brokenAt!;
    const where = b.id === null ? `stream ${b.stream}` : `event ${b.id} (number ${b.seq} of stream ${b.stream})`;
    console.error(`Audit trail broken at ${where}: ${b.reason} (${result.checked} events in ${result.streams} streams before it verified).`);
    process.exitCode = 1;
  }
});
