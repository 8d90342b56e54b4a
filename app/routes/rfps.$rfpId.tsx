// The RFP workspace: its header, the sections as tabs (each marked while it still has a
// problem that stops publication), and the section being edited.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { loadRfpForEditing } from "~/web/rfp-editor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.rfp.definition.basics.title || "RFP"} · Pareto` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { view } = await loadRfpForEditing(request, context, params.rfpId!);
  return json({ rfp: view });
}

const TABS = [
  { to: "", label: "Overview", section: null },
  { to: "basics", label: "Scope and basics", section: "basics" },
  { to: "timeline", label: "Timeline", section: "timeline" },
  { to: "term-sheet", label: "Term sheet", section: "term-sheet" },
  { to: "slots", label: "Bundle slots", section: "bundle-slots" },
  { to: "criteria", label: "Criteria and weights", section: "criteria" },
  { to: "sla", label: "SLA requirements", section: "sla" },
  { to: "confidential", label: "Confidential", section: "confidential" },
  { to: "vendors", label: "Vendors", section: "vendors" },
  { to: "preview", label: "Vendor preview", section: null },
  { to: "questions", label: "Q&A", section: null },
  { to: "addenda", label: "Addenda", section: null },
  { to: "submissions", label: "Submissions", section: null },
] as const;

export default function RfpWorkspace() {
  const { rfp } = useLoaderData<typeof loader>();
  const problemSections = new Set(rfp.publishProblems.map((p) => p.section));
  return (
    <>
      <p className="muted"><Link to="/rfps">RFPs</Link> ›</p>
      <header className="rfp-header">
        <h1>{rfp.definition.basics.title || "Untitled RFP"}</h1>
        <p>
          <span className={`badge badge--${rfp.state}`}>{RFP_STATE_LABELS[rfp.state]}</span>{" "}
          {rfp.definition.basics.reference ? <span className="mono">{rfp.definition.basics.reference}</span> : null}
          {rfp.definition.timeline.bidsCloseAt ? <> · bids close <LocalTime value={rfp.definition.timeline.bidsCloseAt} /></> : null}
        </p>
      </header>
      <nav aria-label="RFP sections" className="tabs">
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.to === ""} className="tab">
            {tab.label}
            {tab.section && problemSections.has(tab.section) ? <span className="tab__flag" aria-label="needs attention"> •</span> : null}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
