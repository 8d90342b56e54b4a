// The bid grid as an Excel template (issue #5): a resource route, so the browser downloads
// the file. The workspace read is the grid page's own, so the same vendor-only visibility
// rules and the same audit entry apply, and the template is filled from the saved draft.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildBidWorkbook } from "~/exports/bid-workbook.server";
import { runtime } from "~/runtime.server";
import { getBidWorkspace } from "~/services/bids/index.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "submit:bid:own");
  const vendor = account;
  const { database } = await runtime();
  const workspace = await orRespond(getBidWorkspace(database.db, params.rfpId ?? "", vendor));
  const { rfp } = workspace;
  const bytes = await buildBidWorkbook({ ...workspace.definition, basics: { currency: rfp.currency } }, workspace.draft.content, {
    rfpId: rfp.id,
    rfpTitle: rfp.title,
    reference: rfp.reference,
    vendorName: account.organisation.name,
  });
  const name = `${(rfp.reference || rfp.title).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "rfp"}-bid.xlsx`;
  // A copy: TypeScript 5.9 rejects Uint8Array<ArrayBufferLike> as a body (STACK.md).
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${name}"`,
      // The template holds the vendor's sealed draft: never cached by a proxy or the browser.
      "Cache-Control": "private, no-store",
    },
  });
}
