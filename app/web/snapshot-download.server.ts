// The web edge of snapshot downloads: the stored text byte for byte, as an attachment named
// after the RFP's snapshot and its input hash, never cached by a shared proxy.
import type { AppLoadContext } from "@remix-run/node";
import { runtime } from "../runtime.server";
import { getSnapshot } from "../services/evaluation/snapshots.server";
import { orRespond } from "./errors.server";
import { requireActor } from "./session.server";

export async function snapshotDownload(request: Request, context: AppLoadContext, rfpId: string, snapshotId: string, part: "input" | "result"): Promise<Response> {
  const actor = await requireActor(request, context, "moderate:scores:own");
  const { database } = await runtime();
  const snapshot = await orRespond(getSnapshot(database.db, rfpId, snapshotId, actor));
  const body = part === "input" ? snapshot.inputJson : snapshot.resultJson;
  const stamp = snapshot.createdAt.toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="evaluation-${stamp}-${snapshot.inputHash.slice(0, 12)}-${part}.json"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Input-SHA256": snapshot.inputHash,
    },
  });
}
