import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LocalTime, RoundDeadline } from "~/components/local-time";
import { ROLE_LABELS } from "~/domain/permissions";
import { RfpStateBadge } from "~/components/rfp/state-badge";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { organisationOverview } from "~/services/administration.server";
import { listPanelRfps } from "~/services/evaluation/panel.server";
import { listRfpsForBuyer, listRfpsForVendor, type VendorRfpSummary } from "~/services/rfps/index.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Pareto" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "read:dashboard:own");
  const { database } = await runtime();
  const actor = account;
  const [{ colleagues, overview, openingsToConfirm }, vendorRfps, buyerRfps, panelRfps] = await Promise.all([
    organisationOverview(database.db, account),
    account.roles.includes("vendor") ? listRfpsForVendor(database.db, actor) : Promise.resolve([] as VendorRfpSummary[]),
    account.roles.includes("buyer") ? listRfpsForBuyer(database.db, actor) : Promise.resolve([]),
    account.roles.includes("evaluator") ? listPanelRfps(database.db, actor) : Promise.resolve([]),
  ]);
  return json({ account, colleagues, overview, vendorRfps: vendorPanelOf(vendorRfps), buyerRfps, panelRfps, openingsToConfirm });
}

export default function Dashboard() {
  const { account, colleagues, overview, vendorRfps, buyerRfps, panelRfps, openingsToConfirm } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {account.name}</h1>
      <p className="muted">
        {account.organisation.name} · {account.roles.map((r) => ROLE_LABELS[r]).join(", ")}
      </p>
      {openingsToConfirm.length > 0 ? <OpeningsToConfirm openings={openingsToConfirm} /> : null}
      {account.roles.includes("buyer") ? <BuyerPanel rfps={buyerRfps} /> : null}
      {account.roles.includes("evaluator") ? <EvaluatorPanel rfps={panelRfps} /> : null}
      {account.roles.includes("vendor") ? <VendorPanel organisation={account.organisation.name} rfps={vendorRfps} /> : null}
      {overview ? <AdminPanel overview={overview} /> : null}
      {account.roles.includes("operator") ? (
        <section className="panel" aria-labelledby="operator-title">
          <h2 id="operator-title">Platform</h2>
          <p>You run the platform: <Link to="/operator/organisations">list the organisations</Link>. Each organisation's administrators manage its own users; RFPs, bids and confidential figures stay with their organisations.</p>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="team-title">
        <h2 id="team-title">Your organisation</h2>
        <div className="table-wrap">
          {/* On a phone each person is a card (name, then labelled email and role), not a table wider than the screen. */}
          <table className="table--stack">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th></tr>
            </thead>
            <tbody>
              {colleagues.map((c) => (
                <tr key={`${c.email}-${c.role}`}><td><strong>{c.name}</strong></td><td data-label="Email">{c.email}</td><td data-label="Role">{ROLE_LABELS[c.role]}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

type Openings = ReturnType<typeof useLoaderData<typeof loader>>["openingsToConfirm"];

/** The second key's part of the opening hand-off: started openings that wait for this person (or a colleague) to confirm. */
function OpeningsToConfirm({ openings }: { openings: Openings }) {
  return (
    <section className="panel" aria-labelledby="openings-to-confirm-title">
      <h2 id="openings-to-confirm-title">{openings.length === 1 ? "A bid opening waits" : `${openings.length} bid openings wait`} for a second person</h2>
      <p className="hint">A buyer started the opening; you can confirm it (someone else of your organisation may too). The bids stay sealed until then.</p>
      <ul className="plain-list">
        {openings.map((o) => (
          <li key={`${o.rfpId}-${o.round}`}>
            <Link to={`/rfps/${o.rfpId}/opening`}>{o.title || "Untitled RFP"}</Link>
            {o.reference ? <>{" "}<span className="mono">{o.reference}</span></> : null}
            {o.round > 1 ? ` (round ${o.round})` : ""}: started by {o.startedBy} on <LocalTime value={o.startedAt} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Enough rows for a buyer's live sourcing events (the demo's eight); the rest are one link away. */
const BUYER_PANEL_ROWS = 8;

type BuyerRfps = ReturnType<typeof useLoaderData<typeof loader>>["buyerRfps"];

function BuyerPanel({ rfps }: { rfps: BuyerRfps }) {
  return (
    <section className="panel" aria-labelledby="buyer-title">
      <h2 id="buyer-title">Your RFPs</h2>
      {rfps.length === 0 ? (
        <div className="empty">
          <p><strong>You have no RFPs yet.</strong> A Pareto sourcing event runs in these steps:</p>
          <ol className="steps">
            <li>Draft the RFP: the term sheet every bundle must fill, three bundle slots and criteria weighted to 100.</li>
            <li>Keep your reservation price and BATNA confidential; invite vendors and publish.</li>
            <li>Vendors bid three bundles each (cost-optimised, reliability-optimised, balanced), sealed until the deadline.</li>
            <li>Open the bids, score, and use the MESO insight to ask for a better package in the BAFO round.</li>
          </ol>
          <p><Link to="/rfps" className="button">Start an RFP</Link></p>
        </div>
      ) : (
        <>
          <ul className="steps">
            {rfps.slice(0, BUYER_PANEL_ROWS).map((r) => (
              <li key={r.id}>
                <Link to={`/rfps/${r.id}`}>{r.title || "Untitled RFP"}</Link> <RfpStateBadge state={r.state} awardProposed={r.awardProposed} />
                {r.deadline.at ? <span className="muted"> · <RoundDeadline round={r.deadline.round} at={r.deadline.at} passed={r.deadline.passed} /></span> : null}
                {r.unansweredQuestions ? <span className="muted"> · {r.unansweredQuestions} question{r.unansweredQuestions === 1 ? "" : "s"} to answer</span> : null}
                {/* Past the bids, the next step of the sourcing event (the RFP's overview says it in full). */}
                {r.next && r.state !== "open" ? <> · <Link to={`/rfps/${r.id}/${r.next.tab}`}>{r.next.link}</Link></> : null}
                {r.next?.started ? <span className="muted"> (started by {r.next.started.by} on <LocalTime value={r.next.started.at} />)</span> : null}
              </li>
            ))}
          </ul>
          <p><Link to="/rfps">All RFPs and new drafts</Link></p>
        </>
      )}
    </section>
  );
}

type PanelRfps = ReturnType<typeof useLoaderData<typeof loader>>["panelRfps"];

function EvaluatorPanel({ rfps }: { rfps: PanelRfps }) {
  return (
    <section className="panel" aria-labelledby="evaluator-title">
      <h2 id="evaluator-title">Your evaluations</h2>
      {rfps.length === 0 ? (
        <div className="empty">
          <p><strong>No evaluations are assigned to you.</strong></p>
          <p>When a buyer opens the bids of an RFP and puts you on its panel, it appears here. You will declare any conflict of interest before you see a bid, then score the judged criteria of every bundle.</p>
        </div>
      ) : (
        <ul className="rfp-summary-list">
          {rfps.map((r) => (
            <li key={r.id}>
              <Link to={r.scoringPath} className="strong-link">{r.title || "Untitled RFP"}</Link>{" "}
              <RfpStateBadge state={r.state} awardProposed={r.awardProposed} />
              <span className="hint">
                {" "}{r.reference ? `${r.reference} · ` : ""}
                <PanelRfpStatus rfp={r} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where the evaluation of one panel RFP stands for this evaluator, from their own progress (panelLine): what to do, or what they wait for. */
function PanelRfpStatus({ rfp: r }: { rfp: PanelRfps[number] }) {
  const text = r.line.needsAction ? <strong>{r.line.text}</strong> : r.line.text;
  if (r.line.withDeadline && r.deadline.at) return <><RoundDeadline round={r.deadline.round} at={r.deadline.at} passed={r.deadline.passed} />; {text}</>;
  return <>{text}</>;
}

type VendorPanelData = ReturnType<typeof useLoaderData<typeof loader>>["vendorRfps"];
const VENDOR_PANEL_ROWS = 5;

/**
 * The vendor panel's rows in two groups, each counting what it lists: those it may bid in now
 * (round 1 or a BAFO round it is shortlisted for, soonest deadline first), then the rest (those
 * with a debrief to read first, then as listed), at most VENDOR_PANEL_ROWS in all.
 */
function vendorPanelOf(rfps: readonly VendorRfpSummary[]) {
  const row = (r: VendorRfpSummary) => ({ id: r.id, title: r.title, reference: r.reference, buyer: r.buyer, state: r.state, response: r.response, unacknowledgedAddenda: r.unacknowledgedAddenda, debriefAvailable: r.debriefAvailable });
  const biddable = rfps.filter((r) => r.response.canBid).sort((a, b) => (a.response.deadline?.getTime() ?? Infinity) - (b.response.deadline?.getTime() ?? Infinity));
  const others = rfps.filter((r) => !r.response.canBid);
  const rest = [...others.filter((r) => r.debriefAvailable), ...others.filter((r) => !r.debriefAvailable)];
  const open = biddable.slice(0, VENDOR_PANEL_ROWS);
  return {
    total: rfps.length,
    waiting: rfps.reduce((n, r) => n + r.unacknowledgedAddenda, 0),
    open: open.map(row),
    rest: rest.slice(0, VENDOR_PANEL_ROWS - open.length).map(row),
  };
}

function VendorPanel({ organisation, rfps }: { organisation: string; rfps: VendorPanelData }) {
  const { open, rest, waiting } = rfps;
  const shown = open.length + rest.length;
  return (
    <section className="panel" aria-labelledby="vendor-title">
      <h2 id="vendor-title">Invitations and open RFPs</h2>
      {rfps.total > 0 ? (
        <>
          {waiting > 0 ? <p className="muted"><strong>{waiting === 1 ? "1 addendum" : `${waiting} addenda`} to acknowledge</strong></p> : null}
          <h3 id="vendor-open-title">{open.length === 0 ? "None open for your bid now" : `Open for your bid (${open.length})`}</h3>
          {open.length > 0 ? <VendorRfpList labelledBy="vendor-open-title" rfps={open} /> : null}
          {rest.length > 0 ? (
            <>
              <h3 id="vendor-rest-title">Closed, in evaluation or decided ({rest.length})</h3>
              <VendorRfpList labelledBy="vendor-rest-title" rfps={rest} />
            </>
          ) : null}
          <p><Link to="/opportunities">See all your RFPs{rfps.total > shown ? ` (${rfps.total})` : ""}</Link></p>
        </>
      ) : (
        <div className="empty">
          <p><strong>No RFPs are open to {organisation} yet.</strong></p>
          <p>When a buyer invites you, or publishes a public RFP, it appears here. You will answer with three bundles (cost-optimised, reliability-optimised, balanced) whose SLAs and remedies are data the buyer can check.</p>
        </div>
      )}
    </section>
  );
}

function VendorRfpList({ rfps, labelledBy }: { rfps: VendorPanelData["open"]; labelledBy: string }) {
  return (
    <ul className="rfp-summary-list" aria-labelledby={labelledBy}>
      {rfps.map((r) => (
        <li key={r.id}>
          <Link to={`/opportunities/${r.id}`} className="strong-link">{r.title}</Link>
          <span className="hint">
            {" "}{r.reference ? `${r.reference} · ` : ""}{r.buyer} · {RFP_STATE_LABELS[r.state]} · <RoundDeadline round={r.response.round} at={r.response.deadline} passed={r.response.deadlinePassed} />
            {" · "}{r.response.needsAction ? <strong>{r.response.text}</strong> : r.response.text}
            {r.unacknowledgedAddenda > 0 ? <> · <span className="badge badge--bad">{r.unacknowledgedAddenda} to acknowledge</span></> : null}
            {r.debriefAvailable ? <> · <Link to={`/opportunities/${r.id}/debrief`}>Read your debrief</Link></> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

interface AwaitingApproval {
  rfpId: string;
  reference: string;
  title: string;
  vendorName: string;
  proposedByName: string;
  proposedAt: string;
}

function AdminPanel({ overview }: { overview: { users: number; latestAuditEvent: { occurredAt: string; action: string } | null; awaitingApproval: AwaitingApproval[] } }) {
  const latest = overview.latestAuditEvent;
  return (
    <section className="panel" aria-labelledby="admin-title">
      <h2 id="admin-title">Administration</h2>
      {overview.awaitingApproval.length > 0 ? (
        <div className="notice">
          <p>
            <strong>{overview.awaitingApproval.length === 1 ? "1 award waits" : `${overview.awaitingApproval.length} awards wait`} for your approval</strong> (a second person approves what a
            buyer proposes):
          </p>
          <ul className="plain-list">
            {overview.awaitingApproval.map((a) => (
              <li key={a.rfpId}>
                <Link to={`/rfps/${a.rfpId}/award`}>{a.title}</Link>
                {" "}<span className="mono">{a.reference}</span>: to {a.vendorName}, proposed by {a.proposedByName} on <LocalTime value={a.proposedAt} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid">
        <div><div className="stat">{overview.users}</div><div className="muted">users in your organisation</div></div>
        <div>
          {latest ? (
            <><div className="stat-text"><code>{latest.action}</code> · <LocalTime value={latest.occurredAt} /></div><div className="muted">the newest event of your audit trail</div></>
          ) : (
            <div className="muted">no audit event yet</div>
          )}
        </div>
      </div>
      <p style={{ marginTop: "1rem" }}>
        <Link to="/admin/users">Create buyer, evaluator and admin accounts</Link> · <Link to="/admin/audit">Read and verify the audit trail</Link>
      </p>
    </section>
  );
}
