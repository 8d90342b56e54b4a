// Uploading a filled score sheet (issue #11, item 5). All or nothing: a valid file saves its
// changed rows as drafts and sends the evaluator back to the scoring page with a notice; an
// invalid one saves nothing and lists every problem by sheet and cell (400). Not nested under
// the scoring page (`scoring_`), so this page can render its own list of problems.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ScoreSheetPanel } from "~/components/evaluation/score-sheet-panel";
import { MAX_SCORE_SHEET_BYTES, TOO_LARGE_SCORE_SHEET, type WorkbookProblem } from "~/exports/score-sheet-import.server";
import { wholeFileProblem } from "~/exports/workbook-common.server";
import { runtime } from "~/runtime.server";
import { getOwnScores } from "~/services/evaluation/scoring.server";
import { importScoreSheet } from "~/services/evaluation/score-sheet.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Score sheet in Excel · ${data.title} · Pareto` : "Score sheet in Excel · Pareto" }];

const CHOOSE_FILE = "Choose the filled score sheet (.xlsx) to upload.";
/** Multipart framing and the other form fields come on top of the file itself. */
const REQUEST_SLACK = 64 * 1024;

/** `serverSide`: refused by the server (busy, or the file could not be read: 5xx), not for what is in the file. */
type Reply = { problems: WorkbookProblem[]; serverSide?: boolean };
const refuse = (status: number, message: string) => json<Reply>({ problems: [wholeFileProblem(message)] }, { status });

/**
 * The page also stands alone (GET): the Excel panel, for an evaluator who follows a link to it.
 * Any buyer-side user gets this far (a buyer may sit on the panel too); the service answers 403 off the panel.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const { database } = await runtime();
  const own = await orRespond(getOwnScores(database.db, params.rfpId ?? "", actor));
  return json({ title: own.rfpTitle });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const rfpId = params.rfpId ?? "";
  // Refused on the declared length before a byte is parsed; the part limit catches the rest.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_SCORE_SHEET_BYTES + REQUEST_SLACK) return refuse(413, TOO_LARGE_SCORE_SHEET);
  let file: FormDataEntryValue | null;
  try {
    const formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_SCORE_SHEET_BYTES }));
    file = formData.get("sheet");
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refuse(413, TOO_LARGE_SCORE_SHEET);
    // A post that is not multipart at all (a script, a broken client).
    return refuse(400, CHOOSE_FILE);
  }
  if (!file || typeof file === "string" || file.size === 0) return refuse(400, CHOOSE_FILE);
  const { database } = await runtime();
  // Access refusals (off the panel, undeclared conflicts) answer with their status; the rest are problems.
  const result = await orRespond(importScoreSheet(database.db, rfpId, actor, new Uint8Array(await file.arrayBuffer())));
  if (!result.ok) return json<Reply>({ problems: result.problems, serverSide: result.status >= 500 }, { status: result.status, headers: result.status === 503 ? { "Retry-After": "30" } : undefined });
  return redirect(`/rfps/${rfpId}/scoring?done=imported&scores=${result.imported}`);
}

export default function ScoreSheetUpload() {
  const { title } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { rfpId = "" } = useParams();
  return (
    <article aria-labelledby="score-sheet-upload-title">
      <p className="crumbs"><Link to={`/rfps/${rfpId}/scoring`}>← Scoring: {title}</Link></p>
      <h1 id="score-sheet-upload-title">Your score sheet in Excel</h1>
      <ScoreSheetPanel rfpId={rfpId} problems={reply?.problems ?? null} serverSide={reply?.serverSide} />
      {reply ? <p><Link to={`/rfps/${rfpId}/scoring`}>Back to the scoring page</Link></p> : null}
    </article>
  );
}
