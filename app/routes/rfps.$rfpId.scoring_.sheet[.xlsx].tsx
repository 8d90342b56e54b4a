// The evaluator's score sheet as an Excel file (issue #11, item 5): a resource route, so the
// browser downloads it. The service reads the actor's own scores through the scoring service,
// so the same panel, declaration and conflict rules apply (403 off the panel).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { runtime } from "~/runtime.server";
import { downloadScoreSheet } from "~/services/evaluation/score-sheet.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

// Any buyer-side user gets this far (a buyer may sit on the panel too); the service answers 403 off the panel.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const { database } = await runtime();
  const { bytes, fileName } = await orRespond(downloadScoreSheet(database.db, params.rfpId ?? "", actor));
  // A copy: TypeScript 5.9 rejects Uint8Array<ArrayBufferLike> as a body (STACK.md).
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      // The sheet names the bidders and holds the evaluator's own scores: never cached.
      "Cache-Control": "private, no-store",
    },
  });
}
