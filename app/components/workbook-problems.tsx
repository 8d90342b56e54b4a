// The answer to a refused workbook upload (a bid template or a score sheet): every problem by
// sheet and cell, and the promise that nothing was saved. One list for both uploads.
import type { ReactNode } from "react";

export interface WorkbookProblemView {
  sheet: string;
  cell: string;
  message: string;
}

export function WorkbookProblems({ problems, what, kept, serverSide = false, heading: Heading = "h2", id, children }: {
  problems: readonly WorkbookProblemView[];
  /** "file", "score sheet": what was not imported. */
  what: string;
  /** What stays as it was, e.g. "your draft is as it was". */
  kept: string;
  /** The server refused it (busy, 503; or could not read it, 500): nothing in the file to fix, the problem says when to try again. */
  serverSide?: boolean;
  heading?: "h2" | "h3";
  id: string;
  children?: ReactNode;
}) {
  return (
    <section className="panel panel--warn" aria-labelledby={id} role="alert">
      <Heading id={id}>{problems.length === 1 ? `The ${what} was not imported` : `The ${what} was not imported: ${problems.length} problems`}</Heading>
      <p>
        Nothing was saved: {kept}.{serverSide ? null : ` Fix ${problems.length === 1 ? "this" : "every problem"} in the file and upload it again.`}
      </p>
      <ul className="problem-list" aria-label={`Problems in the uploaded ${what}`}>
        {problems.map((p, i) => (
          <li key={i}>
            {p.cell ? <><span className="mono">{p.sheet}!{p.cell}</span>: </> : null}
            {p.message}
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}
