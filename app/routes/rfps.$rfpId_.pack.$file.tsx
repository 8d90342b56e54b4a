// The award pack's downloads (issue #14, item 5): /rfps/:id/pack/award-workbook.xlsx,
// award-report.pdf, ocds-release-package.json, award-pack.zip (streamed) and
// debrief-<vendor id>.pdf. The service decides who may (decision 017) and audits each download;
// before the opening the answer is 403 with the reason.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { debriefFileName, MEDIA_TYPES, PackBusyError, packFileNames, renderPackFile, streamPackZip } from "~/exports/award-pack-files.server";
import { ocdsJson } from "~/exports/ocds-release.server";
import { runtime } from "~/runtime.server";
import { loadAwardPack, type PackFile } from "~/services/exports/award-pack.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

const NOT_FOUND = "There is no such file in the award pack.";
const DEBRIEF = /^debrief-([0-9a-f-]{36})\.pdf$/i;

function fileOf(name: string): { kind: PackFile; vendorId?: string } | null {
  if (name === "award-workbook.xlsx") return { kind: "workbook" };
  if (name === "award-report.pdf") return { kind: "report" };
  if (name === "ocds-release-package.json") return { kind: "ocds" };
  if (name === "award-pack.zip") return { kind: "zip" };
  const debrief = DEBRIEF.exec(name);
  return debrief ? { kind: "debrief", vendorId: debrief[1]!.toLowerCase() } : null;
}

function download(body: BodyInit, type: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${fileName}"`,
      // The pack names every bidder and its scores: never cached by a proxy or the browser.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const file = fileOf(params.file ?? "");
  if (!file) throw new Response(NOT_FOUND, { status: 404 });
  const { database } = await runtime();
  const pack = await orRespond(loadAwardPack(database.db, params.rfpId ?? "", actor, file.kind));
  const names = packFileNames(pack);
  try {
    switch (file.kind) {
      case "ocds":
        return download(ocdsJson(pack), MEDIA_TYPES.json, names.ocds);
      case "zip":
        return download(createReadableStreamFromReadable(streamPackZip(pack)), MEDIA_TYPES.zip, names.zip);
      case "workbook":
        return download(new Uint8Array(await renderPackFile("workbook", pack)), MEDIA_TYPES.xlsx, names.workbook);
      case "report":
        return download(new Uint8Array(await renderPackFile("report", pack)), MEDIA_TYPES.pdf, names.report);
      case "debrief": {
        const debrief = pack.debriefs?.find((d) => d.vendorOrganisationId === file.vendorId);
        if (!debrief) throw new Response("There is no debrief for this bidder: debriefs exist for each bidder that did not win, once the award is approved.", { status: 404 });
        return download(new Uint8Array(await renderPackFile("debrief", debrief)), MEDIA_TYPES.pdf, debriefFileName(debrief));
      }
    }
  } catch (error) {
    if (error instanceof PackBusyError) throw new Response(error.message, { status: 503, headers: { "Retry-After": "60" } });
    throw error;
  }
}
