// Uploading a filled Excel template (issue #5). All or nothing: a valid file replaces the
// saved draft and sends the vendor back to the grid; an invalid one saves nothing and lists
// every problem by sheet and cell. Not nested under the grid page (`bid_`): that page renders
// no outlet, and this one must show its own list of problems.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ExcelPanel } from "~/components/bid/excel-panel";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { MAX_BID_WORKBOOK_BYTES, MAX_BID_WORKBOOK_LABEL, readBidWorkbook, type WorkbookProblem } from "~/exports/bid-workbook-import.server";
import { runtime } from "~/runtime.server";
import { getBidWorkspace, saveBidDraft } from "~/services/bids/index.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { WorkbookProblems } from "~/components/workbook-problems";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Your bid in Excel · ${data.title} · Pareto` : "Your bid in Excel · Pareto" }];

const TOO_LARGE = `The file is larger than ${MAX_BID_WORKBOOK_LABEL}. Upload the bid template as downloaded and filled, without pictures or extra sheets.`;
/** Multipart framing and the other form fields come on top of the file itself. */
const REQUEST_SLACK = 64 * 1024;

/** `serverSide`: refused by the server (busy, or the file could not be read: 5xx), not for what is in the file. */
type Reply = { problems: WorkbookProblem[]; serverSide?: boolean };
const refuse = (status: number, message: string) => json<Reply>({ problems: [{ sheet: "", row: 0, column: "", cell: "", message }] }, { status });

/** The page also stands alone (GET): the Excel panel, for a vendor who follows a link to it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "submit:bid:own");
  const { database } = await runtime();
  const workspace = await orRespond(getBidWorkspace(database.db, params.rfpId ?? "", account));
  return json({ title: workspace.rfp.title, open: workspace.rfp.state === "open" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const account = await requireActor(request, context, "submit:bid:own");
  const vendor = account;
  const rfpId = params.rfpId ?? "";
  const { database } = await runtime();
  // Visibility first (404 for an RFP the vendor may not see), before reading the body.
  const workspace = await orRespond(getBidWorkspace(database.db, rfpId, vendor));

  // Refused on the declared length before a byte is parsed; the part limit catches the rest.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BID_WORKBOOK_BYTES + REQUEST_SLACK) return refuse(413, TOO_LARGE);
  let file: FormDataEntryValue | null;
  try {
    const formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BID_WORKBOOK_BYTES }));
    file = formData.get("workbook");
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refuse(413, TOO_LARGE);
    // A post that is not multipart at all (a script, a broken client).
    return refuse(400, "Choose the filled Excel template (.xlsx) to upload.");
  }
  if (!file || typeof file === "string" || file.size === 0) return refuse(400, "Choose the filled Excel template (.xlsx) to upload.");

  const definition = { ...workspace.definition, basics: { currency: workspace.rfp.currency } };
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The saved draft is the base: what a workbook cannot hold (contingent clauses) is kept.
  const result = await readBidWorkbook(bytes, definition, rfpId, workspace.draft.content);
  if (!result.ok) {
    const status = result.status ?? 400;
    return json<Reply>({ problems: result.problems, serverSide: status >= 500 }, { status, headers: status === 503 ? { "Retry-After": "30" } : undefined });
  }
  try {
    await saveBidDraft(database.db, rfpId, { expectedVersion: workspace.draft.version, draft: result.draft }, vendor);
  } catch (error) {
    // Deadline passed, cancelled, or saved elsewhere in the meantime: said in words.
    if (!(error instanceof DomainError)) throw error;
    return refuse(httpStatusOf[error.code], error.message);
  }
  return redirect(`/opportunities/${rfpId}/bid?done=imported&values=${result.valueCount}`);
}

export default function BidUpload() {
  const { title, open } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { rfpId = "" } = useParams();
  const problems = reply?.problems ?? [];
  return (
    <article className="rfp" aria-labelledby="upload-title">
      <p className="crumbs"><Link to={`/opportunities/${rfpId}/bid`}>← Your bid: {title}</Link></p>
      <h1 id="upload-title">Your bid in Excel</h1>
      {reply ? (
        <WorkbookProblems problems={problems} what="file" kept="your draft is as it was" serverSide={reply.serverSide} id="problems-title">
          <p><Link to={`/opportunities/${rfpId}/bid`}>Back to the bid grid</Link></p>
        </WorkbookProblems>
      ) : null}
      <ExcelPanel rfpId={rfpId} editable={open} />
    </article>
  );
}
