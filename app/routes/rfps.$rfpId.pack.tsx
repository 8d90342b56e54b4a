// The Award pack tab (issue #14): which evaluation snapshot the pack is built from, and its
// files to download one by one or as one .zip. Buyers and panel evaluators without a conflict
// (decision 017); anyone else on the buyer side reads why there is no pack for them (never a
// link that answers 403). Downloads are audited; viewing this tab reads nothing of the pack.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { runtime } from "~/runtime.server";
import { getPackOverview } from "~/services/exports/award-pack.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Award pack · Pareto" }];

const STATUS: Record<string, string> = { proposed: "proposed, awaiting approval", standstill: "approved, standstill running", concluded: "concluded", cancelled: "cancelled" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const { database } = await runtime();
  const rfpId = params.rfpId ?? "";
  const overview = await orRespond(getPackOverview(database.db, rfpId, actor));
  return json({ rfpId, overview }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function AwardPack() {
  const { rfpId, overview } = useLoaderData<typeof loader>();
  const base = `/rfps/${rfpId}/pack`;
  return (
    <section className="panel" aria-labelledby="pack-title">
      <h2 id="pack-title">Award pack</h2>
      {overview.kind === "unavailable" ? (
        <p className="notice">{overview.reason}</p>
      ) : (
        <>
          <p className="snapshot-line">
            Every figure in every file comes from evaluation snapshot <span className="mono">{overview.snapshot.id.slice(0, 8)}</span> (round {overview.snapshot.round}, taken <LocalTime value={overview.snapshot.createdAt} />,{" "}
            {overview.snapshot.scoresLocked ? "locked scores" : "draft scores"}, {overview.snapshot.engineVersion}){overview.awardSnapshot ? ", the snapshot the award was decided on" : ", the newest evaluation run"}. Input SHA-256{" "}
            <span className="mono hash">{overview.snapshot.inputHash}</span>.
          </p>
          <p>
            {overview.award ? (
              <>
                Award: <strong>{overview.award.vendorName}</strong> — {overview.award.slotName} ({STATUS[overview.award.status] ?? overview.award.status}).
              </>
            ) : (
              "No award has been proposed yet: the pack shows the ranking and the evaluation."
            )}
          </p>
          <p>
            <a className="button" href={`${base}/award-pack.zip`} download>
              Download the whole pack (.zip)
            </a>
          </p>
          <ul className="plain-list">
            <li>
              <a href={`${base}/award-workbook.xlsx`} download>Award workbook (.xlsx)</a> — every sheet of the decision; the ranking is computed by its formulas from the weights and raw values, so changing a weight re-ranks.
            </li>
            <li>
              <a href={`${base}/award-report.pdf`} download>Award report (.pdf)</a> — summary, method, ranking, charts, clause findings, panel, opening register and approvals.
            </li>
            <li>
              <a href={`${base}/ocds-release-package.json`} download>OCDS release package (.json)</a> — Open Contracting Data Standard 1.1.5 with the bids extension, for open-data portals; no confidential figures.
            </li>
          </ul>
          {overview.debriefs.length > 0 ? (
            <>
              <h3>Debriefs of the bidders that did not win</h3>
              <ul className="plain-list">
                {overview.debriefs.map((d) => (
                  <li key={d.vendorId}>
                    <a href={`${base}/debrief-${d.vendorId}.pdf`} download>{d.vendorName} (.pdf)</a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="hint">Debriefs of the bidders that did not win are added once the award is approved.</p>
          )}
          <p className="hint">Each download is recorded in the audit trail.</p>
        </>
      )}
    </section>
  );
}
