// "Work offline in Excel" (issue #5): download the grid as a template, upload it filled.
// A plain form posting to the upload route, so it works without JavaScript. It must sit
// outside the grid's own <form>: forms cannot nest.
import { Form, useNavigation } from "@remix-run/react";

export function ExcelPanel({ rfpId, editable = true }: { rfpId: string; editable?: boolean }) {
  const navigation = useNavigation();
  const uploadPath = `/opportunities/${rfpId}/bid/upload`;
  const uploading = navigation.state === "submitting" && navigation.formAction === uploadPath;
  return (
    <section className="panel excel-panel" aria-labelledby="excel-title">
      <h2 id="excel-title">Work offline in Excel</h2>
      <p>
        {/* A plain <a>, not <Link>: the answer is a file, not a page the client router renders. */}
        <a href={`/opportunities/${rfpId}/bid/template.xlsx`} download className="button button--secondary">
          Download the Excel template
        </a>
      </p>
      <p className="hint">The template holds your saved draft. Fill it in, then upload it here: every problem is listed by sheet and cell, and nothing is imported unless the whole file is valid.</p>
      {editable ? (
        <Form method="post" action={uploadPath} encType="multipart/form-data" className="button-row">
          <label htmlFor="excel-workbook">Filled Excel template</label>
          <input id="excel-workbook" name="workbook" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          <button type="submit" className="button" disabled={uploading}>{uploading ? "Uploading…" : "Upload and import"}</button>
        </Form>
      ) : (
        <p className="hint">Bids are closed: uploads are no longer accepted.</p>
      )}
      {editable ? <p className="hint">An .xlsx file of at most 2 MB. Importing replaces the values of your saved draft.</p> : null}
    </section>
  );
}
