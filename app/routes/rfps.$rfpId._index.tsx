// Overview: where the RFP stands and its next step (with a link to the tab where it is taken),
// what still stops a draft's publication (each with a link to fix it), and the publish button.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { useEditable } from "~/components/rfp-editor/editor";
import { DomainError } from "~/domain/errors";
import { nextStep, nextStepReader, type NextStep } from "~/domain/rfp/next-step";
import { RfpNotReadyError, type PublishProblem } from "~/domain/rfp/publish-check";
import { publishSchema, RFP_SECTION_LABELS, type RfpSection } from "~/domain/rfp/sections";
import { publishRfp, workspaceTabReads } from "~/services/rfps/index.server";
import { loadRfpForEditing, loadWorkspaceTab } from "~/web/rfp-editor.server";
import { TABS, type loader as workspaceLoader } from "./rfps.$rfpId";
import { readFormData } from "~/web/input.server";

const SECTION_PATHS: Record<RfpSection, string> = {
  basics: "basics",
  timeline: "timeline",
  "term-sheet": "term-sheet",
  "bundle-slots": "slots",
  criteria: "criteria",
  sla: "sla",
  confidential: "confidential",
  vendors: "vendors",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(
    await loadWorkspaceTab(request, context, params.rfpId!, async (read, actor, db) => {
      const { view } = read;
      const d = view.definition;
      const activity = await workspaceTabReads.activity(db, read);
      return {
        activity,
        next: nextStep({ state: view.state, round: read.currentRound, unansweredQuestions: activity.unansweredQuestions, ...activity.progress }, nextStepReader(actor.roles), actor.id),
        publishProblems: view.publishProblems,
        publishedAt: view.publishedAt,
        timeline: d.timeline,
        issues: d.termSheet.length,
        criteria: d.criteria.criteria.length,
        weightTotal: d.criteria.criteria.reduce((s, c) => s + c.weight, 0),
        isPublic: d.isPublic,
      };
    }),
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db } = await loadRfpForEditing(request, context, params.rfpId!, "publish:rfp:own");
  const parsed = publishSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return json({ problems: [] as PublishProblem[], message: parsed.error.issues[0]!.message }, { status: 400 });
  try {
    await publishRfp(db, params.rfpId!, parsed.data, actor);
  } catch (error) {
    if (error instanceof RfpNotReadyError) return json({ problems: error.problems, message: "The RFP is not ready to publish yet." }, { status: 400 });
    if (error instanceof DomainError) return json({ problems: [] as PublishProblem[], message: error.message }, { status: error.code === "conflict" ? 409 : 400 });
    throw error;
  }
  return redirect(`/rfps/${params.rfpId}?saved=${encodeURIComponent("Published. Invited vendors have been notified.")}`);
}

/** Where the RFP stands and what comes next, with a link to the tab where it is done if this reader has that tab. */
function NextStepNote({ next }: { next: NextStep | null }) {
  const layout = useRouteLoaderData<typeof workspaceLoader>("routes/rfps.$rfpId");
  if (!next) return null;
  const hasTab = layout?.tabs.some((i) => TABS[i]?.to === next.tab) ?? false;
  return (
    <div className="next-step" aria-label="Next step" role="note">
      <p>
        {next.text}
        {next.at !== undefined ? <> <LocalTime value={next.at} />.</> : null}
      </p>
      {hasTab ? <p><Link to={next.tab} className="button button--secondary">{next.link}</Link></p> : null}
    </div>
  );
}

export default function RfpOverview() {
  const { activity, next, publishProblems, publishedAt, timeline: t, issues, criteria, weightTotal, isPublic, basis } = useLoaderData<typeof loader>();
  const { editable } = useEditable();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saved = typeof window === "undefined" ? null : new URLSearchParams(window.location.search).get("saved");
  const problems = actionData?.problems?.length ? actionData.problems : publishProblems;
  return (
    <div className="two-col">
      <section className="panel" aria-labelledby="status-title">
        <h2 id="status-title">Status</h2>
        {saved ? <p className="notice" role="status">{saved}</p> : null}
        {basis.state === "draft" ? (
          problems.length ? (
            <>
              {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
              <p><strong>{problems.length === 1 ? "1 thing stops" : `${problems.length} things stop`} publication:</strong></p>
              <ul className="problems" aria-label="Problems to fix before publishing">
                {problems.map((p, i) => (
                  <li key={`${p.section}-${p.path}-${i}`}>
                    <Link to={SECTION_PATHS[p.section]}>{RFP_SECTION_LABELS[p.section]}</Link>: {p.message}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="notice">Everything vendors need is there. Check the <Link to="preview">vendor preview</Link>, then publish.</p>
          )
        ) : (
          <>
            <p>
              Published <LocalTime value={publishedAt} />.{basis.state === "open" ? <> Changes are made as <Link to="addenda">addenda</Link>; every invited vendor must acknowledge them.</> : null}
            </p>
            <NextStepNote next={next} />
          </>
        )}
        {basis.state === "draft" && editable ? (
          <Form method="post">
            <input type="hidden" name="expectedVersion" value={basis.version} />
            {actionData?.message && !actionData.problems?.length ? <p className="form-error" role="alert">{actionData.message}</p> : null}
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>Publish RFP</button>
          </Form>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">At a glance</h2>
        <dl className="facts">
          <dt>Questions close</dt><dd><LocalTime value={t.questionsCloseAt} /></dd>
          <dt>Bids close</dt><dd><LocalTime value={t.bidsCloseAt} /></dd>
          <dt>Issues on the term sheet</dt><dd>{issues}</dd>
          <dt>Criteria</dt><dd>{criteria} (weights total {weightTotal})</dd>
          <dt>Vendors invited</dt><dd>{activity.invitations}{isPublic ? " · public RFP" : ""}</dd>
          <dt>Questions</dt><dd>{activity.questions} ({activity.unansweredQuestions} unanswered)</dd>
        </dl>
      </section>
    </div>
  );
}
