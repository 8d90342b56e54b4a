// A losing bidder's own debrief as a PDF (issue #14, item 3): /opportunities/:id/debrief.pdf.
// The portal debrief's own read (app/services/awards/vendor.server.ts): the signed-in vendor's
// organisation only, once the award is approved, anything else not found; the read is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { debriefFileName, MEDIA_TYPES, renderPackFile } from "~/exports/award-pack-files.server";
import { runtime } from "~/runtime.server";
import { getVendorDebrief } from "~/services/awards/vendor.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "submit:bid:own");
  const { database } = await runtime();
  const debrief = await orRespond(getVendorDebrief(database.db, params.rfpId ?? "", actor));
  return new Response(new Uint8Array(await renderPackFile("debrief", debrief)), {
    headers: {
      "Content-Type": MEDIA_TYPES.pdf,
      "Content-Disposition": `attachment; filename="${debriefFileName(debrief)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
