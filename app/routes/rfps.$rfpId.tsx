// The RFP workspace: its header, the sections as tabs (each marked while it still has a
// problem that stops publication), and the section being edited.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { permissionsOf, type Permission } from "~/domain/permissions";
import { RFP_STATE_LABELS, type RfpState } from "~/domain/rfp/state";
import { isOnPanel } from "~/services/evaluation/access.server";
import { currentRound } from "~/services/bafo/rounds.server";
import { loadRfpForEditing } from "~/web/rfp-editor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.rfp.definition.basics.title || "RFP"} · Pareto` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { view, actor, db } = await loadRfpForEditing(request, context, params.rfpId!);
  const permissions: string[] = [...permissionsOf(actor.roles)];
  // Scoring is for the RFP's panel members only (of either role): no tab that answers 403.
  if (await isOnPanel(db, view.id, actor.id)) permissions.push("panel:member");
  // MESO insight and the concession log: the chair or a panel member, once bids are opened; the log once a BAFO round exists.
  if (permissions.includes("read:evaluation:own") && (permissions.includes("moderate:scores:own") || permissions.includes("panel:member")) && AFTER_OPENING.includes(view.state)) {
    permissions.push("evaluation:reader");
    if ((await currentRound(db, view.id)) > 1) permissions.push("bafo:round");
  }
  // BAFO rounds: buyers of the organisation, once a round's bids are opened (the page lists rounds after that too).
  if (permissions.includes("manage:bafo:own") && AFTER_OPENING.includes(view.state)) permissions.push("bafo:manage");
  // The award: buyers and administrators act on it, panel members read it (app/routes/rfps.$rfpId.award.tsx).
  if (permissions.includes("award:rfp:own") || permissions.includes("panel:member")) permissions.push("award:reader");
  return json({ rfp: view, permissions });
}

const AFTER_OPENING: readonly RfpState[] = ["opened", "bafo-open", "bafo-closed", "awarded", "concluded"];

/** Each tab shows only to roles whose permission lets them use its page: no link answers 403. */
const TABS: readonly { to: string; label: string; section: string | null; permission: Permission | "panel:member" | "evaluation:reader" | "bafo:round" | "bafo:manage" | "award:reader" }[] = [
  { to: "", label: "Overview", section: null, permission: "read:rfp:own" },
  { to: "basics", label: "Scope and basics", section: "basics", permission: "read:rfp:own" },
  { to: "timeline", label: "Timeline", section: "timeline", permission: "read:rfp:own" },
  { to: "term-sheet", label: "Term sheet", section: "term-sheet", permission: "read:rfp:own" },
  { to: "slots", label: "Bundle slots", section: "bundle-slots", permission: "read:rfp:own" },
  { to: "criteria", label: "Criteria and weights", section: "criteria", permission: "read:rfp:own" },
  { to: "sla", label: "SLA requirements", section: "sla", permission: "read:rfp:own" },
  { to: "confidential", label: "Confidential", section: "confidential", permission: "read:confidential:own" },
  { to: "vendors", label: "Vendors", section: "vendors", permission: "read:rfp:own" },
  { to: "preview", label: "Vendor preview", section: null, permission: "read:rfp:own" },
  { to: "questions", label: "Q&A", section: null, permission: "read:rfp:own" },
  { to: "addenda", label: "Addenda", section: null, permission: "read:rfp:own" },
  { to: "submissions", label: "Submissions", section: null, permission: "read:submissions:own" },
  { to: "opening", label: "Bid opening", section: null, permission: "read:opening:own" },
  { to: "panel", label: "Panel", section: null, permission: "manage:panel:own" },
  { to: "scoring", label: "Scoring", section: null, permission: "panel:member" },
  { to: "consensus", label: "Consensus", section: null, permission: "moderate:scores:own" },
  { to: "evaluation", label: "Results", section: null, permission: "evaluation:reader" },
  { to: "bafo", label: "BAFO round", section: null, permission: "bafo:manage" },
  { to: "award", label: "Award", section: null, permission: "award:reader" },
  { to: "pack", label: "Award pack", section: null, permission: "evaluation:reader" },
  { to: "insight", label: "MESO insight", section: null, permission: "evaluation:reader" },
  { to: "concessions", label: "Concession log", section: null, permission: "bafo:round" },
];

export default function RfpWorkspace() {
  const { rfp, permissions } = useLoaderData<typeof loader>();
  const allowed = new Set<string>(permissions);
  const problemSections = new Set<string>(rfp.publishProblems.map((p) => p.section));
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
        {TABS.filter((tab) => allowed.has(tab.permission)).map((tab) => (
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
