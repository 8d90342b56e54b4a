// npm run export -- --rfp ID|REFERENCE --out DIR [--snapshot SNAPSHOT_ID]
// Writes the award pack of one RFP from the database (issue #14, item 6): the award workbook,
// the PDF award report, the OCDS release package, each losing bidder's debrief once the award is
// approved (every bidder of any round but the winner, each from the round it last bid in), and
// MANIFEST.txt with every file's SHA-256 and whether the award rests on the exported snapshot.
// Built from the live award's snapshot (or the newest, or --snapshot; the award only goes with
// its own snapshot), refused when its stored input no longer matches its hash. The export is
// written to the audit trail. Exit codes: 0 written, 1 refused, 2 usage.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { appendAuditEvent } from "../db/queries/audit";
import { DomainError } from "../app/domain/errors";
import { debriefFileName, packFileNames, renderInline, sha256 } from "../app/exports/award-pack-files.server";
import { ocdsJson } from "../app/exports/ocds-release.server";
import { assembleAwardPack } from "../app/services/exports/award-pack.server";
import { withDatabase } from "./cli-database";

const USAGE = "Usage: npm run export -- --rfp ID|REFERENCE --out DIR [--snapshot SNAPSHOT_ID]";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let values;
try {
  ({ values } = parseArgs({ options: { rfp: { type: "string" }, out: { type: "string" }, snapshot: { type: "string" } } }));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(USAGE);
  process.exit(2);
}
if (!values.rfp?.trim() || !values.out?.trim()) {
  console.error(USAGE);
  process.exit(2);
}
const wanted = values.rfp.trim();
const out = path.resolve(values.out);

await withDatabase(async ({ db }) => {
  let rfpId = wanted;
  if (!UUID.test(wanted)) {
    const found = await db.selectFrom("rfps").select(["id"]).where("reference", "=", wanted).execute();
    if (found.length !== 1) {
      console.error(found.length === 0 ? `No RFP has the id or reference “${wanted}”.` : `${found.length} RFPs (of different organisations) have the reference “${wanted}”: pass the RFP's id.`);
      process.exitCode = 1;
      return;
    }
    rfpId = found[0]!.id;
  }
  try {
    const pack = await db.transaction().execute(async (trx) => {
      const assembled = await assembleAwardPack(trx, rfpId, values.snapshot ?? null);
      await appendAuditEvent(trx, { actorUserId: null, action: "award-pack.exported", entityType: "rfp", entityId: rfpId, data: { via: "cli", snapshotId: assembled.snapshot.id, inputHash: assembled.snapshot.inputHash } });
      return assembled;
    });
    const names = packFileNames(pack);
    const files: [string, Uint8Array | string][] = [
      [names.workbook, await renderInline("workbook", pack)],
      [names.report, await renderInline("report", pack)],
      [names.ocds, ocdsJson(pack)],
    ];
    for (const d of pack.debriefs ?? []) files.push([path.join("debriefs", debriefFileName(d)), await renderInline("debrief", d)]);
    mkdirSync(out, { recursive: true });
    const elsewhere = pack.awardElsewhere;
    const awardLine = pack.award
      ? `Award: ${pack.award.vendorName} — ${pack.award.slotName} (${pack.award.status}), decided on this snapshot`
      : elsewhere
        ? `Award: ${elsewhere.vendorName} — ${elsewhere.slotName} (${elsewhere.status}) rests on snapshot ${elsewhere.snapshotId} (round ${elsewhere.round}), not this one: this pack carries no award`
        : "Award: none yet";
    const lines = [`Award pack of ${pack.rfp.reference} — ${pack.rfp.title}`, `Evaluation snapshot: ${pack.snapshot.id} (round ${pack.snapshot.round}, input SHA-256 ${pack.snapshot.inputHash})`, awardLine, ""];
    for (const [name, bytes] of files) {
      const file = path.join(out, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      lines.push(`${sha256(bytes)}  ${typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.byteLength}  ${name}`);
    }
    writeFileSync(path.join(out, "MANIFEST.txt"), `${lines.join("\n")}\n`);
    console.log(`Wrote the award pack of ${pack.rfp.reference} (snapshot ${pack.snapshot.id}, input SHA-256 ${pack.snapshot.inputHash}) to ${out}:`);
    for (const [name] of files) console.log(`  ${name}`);
    if (elsewhere) console.log(`  (${awardLine})`);
    console.log("  MANIFEST.txt");
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
});
