// "Score offline in Excel" (issue #11, item 5): download the evaluator's score sheet, upload it
// filled. A plain multipart form posting to the upload route, so it works without JavaScript;
// it must sit outside the scoring page's own <form> (forms cannot nest). It also shows the
// upload's outcome: the notice after a redirect (`?done=imported&scores=N`), or the problems
// by cell when the route answered 400 and renders this panel itself.
import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { WorkbookProblems } from "../workbook-problems";

export interface ScoreSheetProblem {
  sheet: string;
  cell: string;
  message: string;
}

export interface ScoreSheetPanelProps {
  rfpId: string;
  /**
   * Why no upload is offered, when none is: the scores are locked, the award is approved, or
   * the evaluator has submitted every score (submitted scores do not change, so a sheet could import nothing).
   * Only the download is offered then.
   */
  uploadClosed?: "locked" | "awarded" | "all-submitted" | null;
  /** The problems of a refused upload, when the page shows them here. */
  problems?: readonly ScoreSheetProblem[] | null;
  /** The server refused the upload (busy or failed), not the file's content. */
  serverSide?: boolean;
}

export const SCORE_SHEET_MAX_LABEL = "2 MB";

/** The notice of a successful import, from the redirect's query string; null otherwise. */
export function scoreSheetNotice(params: URLSearchParams): string | null {
  if (params.get("done") !== "imported") return null;
  const n = Math.max(0, Math.floor(Number(params.get("scores")) || 0));
  return n === 0 ? "The score sheet held no changes: nothing was imported." : `Imported ${n} ${n === 1 ? "score" : "scores"} as drafts. Review them and submit each criterion when you are ready.`;
}

export function ScoreSheetPanel({ rfpId, uploadClosed = null, problems = null, serverSide = false }: ScoreSheetPanelProps) {
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const uploadPath = `/rfps/${rfpId}/scoring/upload`;
  const uploading = navigation.state === "submitting" && navigation.formAction === uploadPath;
  const notice = problems ? null : scoreSheetNotice(params);
  return (
    <section className="panel score-sheet-panel" aria-labelledby="score-sheet-title">
      <h2 id="score-sheet-title">Score offline in Excel</h2>
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      {problems && problems.length > 0 ? (
        <WorkbookProblems problems={problems} what="score sheet" kept="your scores are as they were" serverSide={serverSide} heading="h3" id="score-sheet-problems-title" />
      ) : null}
      <p>
        {/* A plain <a>, not <Link>: the answer is a file, not a page the client router renders. */}
        <a href={`/rfps/${rfpId}/scoring/sheet.xlsx`} download className="button button--secondary">
          Download the score sheet
        </a>
      </p>
      <p className="hint">One row per bidder, criterion and bundle, with your saved drafts; submitted scores are locked. Score 0–10 (halves allowed) with a justification.</p>
      {uploadClosed === null ? (
        <>
          <Form method="post" action={uploadPath} encType="multipart/form-data" className="button-row">
            <label htmlFor="score-sheet-file">Filled score sheet</label>
            <input id="score-sheet-file" name="sheet" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
            <button type="submit" className="button" disabled={uploading}>{uploading ? "Uploading…" : "Upload and import"}</button>
          </Form>
          <p className="hint">An .xlsx file of at most {SCORE_SHEET_MAX_LABEL}. Every problem is listed by sheet and cell, and nothing is imported unless the whole file is valid. Importing saves drafts only: submit each criterion on the scoring page.</p>
        </>
      ) : (
        <p className="hint">{uploadClosed === "locked" ? "The scores are locked: uploads are no longer accepted." : uploadClosed === "awarded" ? "The award is approved: uploads are no longer accepted." : "You have submitted every score: a score sheet has nothing left to import."}</p>
      )}
    </section>
  );
}
