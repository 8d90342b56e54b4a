// The RFP workspace: its header, the sections as tabs (each marked while it still has a
// problem that stops publication, which the section's tab then lists), and the section being edited.
import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useEffect, useRef, type MouseEvent } from "react";
import { Link, Outlet, useLoaderData, useLocation, useNavigate, useResolvedPath, useRouteLoaderData } from "@remix-run/react";
import { ErrorPanel } from "~/components/error-panel";
import { RoundDeadline } from "~/components/local-time";
import { permissionsOf, type Permission } from "~/domain/permissions";
import { RfpStateBadge } from "~/components/rfp/state-badge";
import type { RfpState } from "~/domain/rfp/state";
import { loadRfpWorkspace } from "~/web/rfp-editor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title || "RFP"} · Pareto` }];

// Only what the layout renders goes to the page (its data is in every tab's HTML): each tab's
// loader sends its own part of the RFP, from the same read (loadRfpWorkspace reads once per request).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { read, actor } = await loadRfpWorkspace(request, context, params.rfpId!);
  const { view, onPanel, currentRound } = read;
  const granted = new Set<string>(permissionsOf(actor.roles));
  // Scoring is for the RFP's panel members only (of either role): no tab that answers 403.
  if (onPanel) granted.add("panel:member");
  // MESO insight and the concession log: the chair or a panel member, once bids are opened; the log once a BAFO round exists.
  if (granted.has("read:evaluation:own") && (granted.has("moderate:scores:own") || granted.has("panel:member")) && AFTER_OPENING.includes(view.state)) {
    granted.add("evaluation:reader");
    if (currentRound > 1) granted.add("bafo:round");
  }
  // BAFO rounds: buyers of the organisation, once a round's bids are opened (the page lists rounds after that too).
  if (granted.has("manage:bafo:own") && AFTER_OPENING.includes(view.state)) granted.add("bafo:manage");
  // The award: buyers and administrators act on it, panel members read it (app/routes/rfps.$rfpId.award.tsx).
  if (granted.has("award:rfp:own") || granted.has("panel:member")) granted.add("award:reader");
  return json({
    title: view.definition.basics.title,
    reference: view.definition.basics.reference,
    state: view.state,
    awardProposed: view.awardProposed,
    deadline: view.deadline,
    /** The tabs this reader may use, by their index in TABS. */
    tabs: TABS.flatMap((tab, i) => (granted.has(tab.permission) ? [i] : [])),
    /** What stops publication (a draft's), as [section, message]: the tab is flagged and lists them. */
    problems: view.publishProblems.map((p): [string, string] => [p.section, p.message]),
  });
}

const AFTER_OPENING: readonly RfpState[] = ["opened", "bafo-open", "bafo-closed", "awarded", "concluded"];

/** Each tab shows only to roles whose permission lets them use its page: no link answers 403. */
export const TABS: readonly { to: string; label: string; section: string | null; permission: Permission | "panel:member" | "evaluation:reader" | "bafo:round" | "bafo:manage" | "award:reader" }[] = [
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
  return (
    <WorkspaceFrame data={useLoaderData<typeof loader>()}>
      <Outlet />
    </WorkspaceFrame>
  );
}

/**
 * A tab that refuses or fails (a 403, a 404, a 409 such as results before the opening) answers
 * inside the workspace: the RFP's header and the tabs this reader may use stay above the error.
 * If the workspace itself could not be read (no such RFP), the error stands alone.
 */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/rfps.$rfpId");
  const base = useResolvedPath(".").pathname;
  if (!data) return <ErrorPanel />;
  return (
    <WorkspaceFrame data={data}>
      <ErrorPanel within={{ to: base, label: "Back to the RFP's overview" }} />
    </WorkspaceFrame>
  );
}

function WorkspaceFrame({ data, children }: { data: SerializeFrom<typeof loader>; children: React.ReactNode }) {
  const { title, reference, state, awardProposed, deadline, tabs, problems } = data;
  const needsAttention = new Set<string>(problems.map(([section]) => section));
  return (
    <>
      <p className="muted"><Link to="/rfps">RFPs</Link> ›</p>
      <header className="rfp-header">
        <h1>{title || "Untitled RFP"}</h1>
        <p>
          <RfpStateBadge state={state} awardProposed={awardProposed} />{" "}
          {reference ? <span className="mono">{reference}</span> : null}
          {deadline.at ? <> · <RoundDeadline round={deadline.round} at={deadline.at} passed={deadline.passed} /></> : null}
        </p>
      </header>
      <TabList tabs={tabs} needsAttention={needsAttention} />
      <SectionProblems problems={problems} />
      {children}
    </>
  );
}

/** On a flagged section's tab, what in it stops publication (the overview lists every section's). */
function SectionProblems({ problems }: { problems: [string, string][] }) {
  const base = useResolvedPath(".").pathname;
  const location = useLocation().pathname.toLowerCase();
  if (problems.length === 0) return null;
  const tab = TABS.find((t) => t.section !== null && isCurrentTab(t, base, location));
  const messages = tab ? [...new Set(problems.filter(([section]) => section === tab.section).map(([, message]) => message))] : [];
  if (messages.length === 0) return null;
  return (
    <section className="panel panel--warn section-problems" aria-labelledby="section-problems-title">
      <h2 id="section-problems-title">Before this RFP can be published</h2>
      <ul>
        {messages.map((m) => <li key={m}>{m}</li>)}
      </ul>
    </section>
  );
}

/** A tab's address in the workspace at `base`. */
const tabHref = (tab: (typeof TABS)[number], base: string) => (tab.to ? `${base === "/" ? "" : base}/${tab.to}` : base);

/** NavLink's rule: the tab's own path, or (except the overview, `end`) a path below it; `location` lower-cased. */
function isCurrentTab(tab: (typeof TABS)[number], base: string, location: string): boolean {
  const target = tabHref(tab, base).toLowerCase();
  return location === target || (tab.to !== "" && location.startsWith(target) && location.charAt(target.length) === "/");
}

/**
 * The tabs as NavLinks render them (class "tab", "tab active" with aria-current="page" on the
 * current one), without a NavLink's hooks per tab: one location read for all of them, and one
 * click handler that navigates in the app as a Link does (a plain left click, no target).
 */
function TabList({ tabs, needsAttention }: { tabs: number[]; needsAttention: Set<string> }) {
  const base = useResolvedPath(".").pathname;
  const { pathname, search, hash } = useLocation();
  const location = pathname.toLowerCase();
  const navigate = useNavigate();
  // Where the row scrolls sideways (a phone), the current section is brought into it; the page
  // itself does not move.
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const row = nav.current;
    const current = row?.querySelector<HTMLElement>("[aria-current=page]");
    if (!row || !current || row.scrollWidth <= row.clientWidth) return;
    row.scrollLeft = current.offsetLeft - row.offsetLeft - (row.clientWidth - current.offsetWidth) / 2;
  }, [location]);
  const onClick = (event: MouseEvent<HTMLElement>) => {
    const link = (event.target as Element).closest("a");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey || link.target) return;
    event.preventDefault();
    const href = link.getAttribute("href")!;
    // As a Link: a click on the page already shown replaces its history entry.
    navigate(href, { replace: pathname + search + hash === href });
  };
  return (
    // The links inside take the keys (Enter on a link is a click); this only routes their clicks.
    <nav ref={nav} aria-label="RFP sections" className="tabs" onClick={onClick}>
      {tabs.map((i) => {
        const tab = TABS[i]!;
        const href = tabHref(tab, base);
        const active = isCurrentTab(tab, base, location);
        return (
          // data-discover: Remix finds the route behind the link before it is clicked, as for its Links.
          <a key={tab.to} data-discover="true" aria-current={active ? "page" : undefined} className={active ? "tab active" : "tab"} href={href}>
            {tab.label}
            {tab.section && needsAttention.has(tab.section) ? <span className="tab__flag" aria-label="needs attention"> •</span> : null}
          </a>
        );
      })}
    </nav>
  );
}
