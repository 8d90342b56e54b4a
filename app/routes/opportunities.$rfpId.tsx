// One RFP as a vendor reads it, and the vendor's three actions on it: declare an intent to
// bid, ask a question, acknowledge an addendum. Every action is a plain POST that redirects
// back (so it works without JavaScript and a reload never re-sends it); a refusal comes back
// as action data shown beside the control that caused it.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { KeptMarkup } from "~/components/kept-markup";
import { FormErrors, TextAreaField } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import { BafoRfpSection } from "~/components/bafo/bafo-bid-panel";
import { VendorAwardSection } from "~/components/award/vendor-award";
import { AddendumChanges } from "~/components/rfp/addendum-changes";
import { BundleSlotList } from "~/components/rfp/bundle-slots";
import { CriteriaTable, methodText } from "~/components/rfp/criteria-table";
import { PlainText } from "~/components/rfp/plain-text";
import { SlaRequirementsList } from "~/components/rfp/sla-requirements";
import { TermSheetTable } from "~/components/rfp/term-sheet-table";
import { TimelineList } from "~/components/rfp/timeline-list";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { askQuestionSchema, declareIntentSchema } from "~/domain/rfp/actions";
import { RFP_CATEGORY_LABELS } from "~/domain/rfp/sections";
import { asksIntentToBid, RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { getVendorBafo } from "~/services/bafo/vendor.server";
import { getVendorAward } from "~/services/awards/vendor.server";
import { acknowledgeAddendum, askQuestion, declareIntentToBid, getRfpForVendor, type VendorRfpView } from "~/services/rfps/index.server";
import { orRespond } from "~/web/errors.server";
import { replyWithDomainError } from "~/web/forms.server";
import { requireActor } from "~/web/session.server";
import { noticeParam, readFormData } from "~/web/input.server";

/** What the page says after a successful action; the redirect carries only the key. */
const DONE = {
  asked: "Your question was sent to the buyer. Its answer will appear under “Your questions”.",
  declared: "Your intent to bid was recorded; the buyer can see it.",
  acknowledged: "Addendum acknowledged; the buyer can see it.",
} as const;
type Done = keyof typeof DONE;

type ActionData =
  | { intent: "ask"; result: SubmissionResult<string[]> }
  | { intent: "declare"; error: string }
  | { intent: "acknowledge"; addendumId: string; error: string };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.rfp.basics.title} · Pareto` : "RFP · Pareto" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "read:rfp:invited");
  const { database } = await runtime();
  const rfp = await orRespond(getRfpForVendor(database.db, params.rfpId ?? "", account));
  // A BAFO round: this vendor's own ask and earlier bundles, or that it is not shortlisted.
  const bafo = rfp.round > 1 ? await orRespond(getVendorBafo(database.db, rfp.id, account)) : null;
  // The award once approved: the winner's contract schedule, or the link to this vendor's debrief.
  const award = rfp.awardApproved ? await orRespond(getVendorAward(database.db, rfp.id, account)) : null;
  return json({ rfp: pageView(rfp), bafo, award, notice: noticeParam(request, DONE) });
}

/**
 * What the page renders of the vendor's view, and no more (it is sent twice: as HTML and as
 * hydration data): not the criteria's definitions (the scoring describes them), not the
 * scoring texts the page does not show (nor the SLA section's remedy settings: the required
 * remedies are described), and each method without the "Name (weight W of 100): "
 * head the criteria table shows in its own columns.
 */
function pageView(rfp: VendorRfpView) {
  const { criteria: _criteria, scoring, sla, round: _round, awardApproved: _awardApproved, participation, ...rest } = rfp;
  return {
    ...rest,
    sla: { slas: sla.slas },
    participation: { invited: participation.invited, intendsToBid: participation.intendsToBid },
    scoring: {
      criteria: scoring.criteria.map((c) => ({ ...c, description: methodText(c) })),
      gates: scoring.gates,
      requiredRemedies: scoring.requiredRemedies,
      qualityBeforePrice: scoring.qualityBeforePrice,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const account = await requireActor(request, context, "read:rfp:invited");
  const actor = account;
  const rfpId = params.rfpId ?? "";
  const formData = await readFormData(request);
  const { database } = await runtime();
  const back = (done: Done, anchor: string) => redirect(`/opportunities/${rfpId}?done=${done}#${anchor}`);
  /** A refusal (deadline passed, cancelled, no such addendum) as a message by the control; anything else is our fault. */
  const refused = (error: unknown, data: Exclude<ActionData, { intent: "ask" }>) => {
    if (!(error instanceof DomainError)) throw error;
    return json<ActionData>({ ...data, error: error.message }, { status: httpStatusOf[error.code] });
  };

  switch (formData.get("intent")) {
    case "ask": {
      const submission = parseWithZod(formData, { schema: askQuestionSchema });
      if (submission.status !== "success") return json<ActionData>({ intent: "ask", result: submission.reply() }, { status: 400 });
      try {
        await askQuestion(database.db, rfpId, submission.value, actor);
      } catch (error) {
        const reply = replyWithDomainError(submission, error);
        return json<ActionData>({ intent: "ask", result: await reply.json() }, { status: reply.status });
      }
      return back("asked", "questions");
    }
    case "declare": {
      // Two submit buttons send "yes" or "no"; the schema wants a boolean.
      const answer = formData.get("intendsToBid");
      const parsed = declareIntentSchema.safeParse({ intendsToBid: answer === "yes" ? true : answer === "no" ? false : undefined });
      if (!parsed.success) return json<ActionData>({ intent: "declare", error: parsed.error.issues[0]?.message ?? "Say whether you intend to bid" }, { status: 400 });
      try {
        await declareIntentToBid(database.db, rfpId, parsed.data, actor);
      } catch (error) {
        return refused(error, { intent: "declare", error: "" });
      }
      return back("declared", "intent");
    }
    case "acknowledge": {
      const addendumId = String(formData.get("addendumId") ?? "");
      try {
        await acknowledgeAddendum(database.db, rfpId, addendumId, actor);
      } catch (error) {
        return refused(error, { intent: "acknowledge", addendumId, error: "" });
      }
      return back("acknowledged", `addendum-${addendumId}`);
    }
    default:
      throw new Response("This form sent an action the page does not know.", { status: 400 });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Rfp = LoaderData["rfp"];

export default function Opportunity() {
  const { rfp, bafo, award, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { basics } = rfp;
  const waiting = rfp.addenda.filter((a) => !a.acknowledgedAt);
  const declareError = actionData?.intent === "declare" ? actionData.error : undefined;
  return (
    <article className="rfp" aria-labelledby="rfp-title">
      <p className="crumbs"><Link to="/opportunities">← All RFPs</Link></p>
      <header className="rfp-head">
        <p className="muted rfp-head__meta">
          {basics.reference ? <span className="mono">{basics.reference}</span> : null}
          {basics.reference ? " · " : null}
          {rfp.buyer}
        </p>
        <h1 id="rfp-title">{basics.title}</h1>
        <p className="rfp-head__tags">
          <span className={`badge badge--${rfp.state}`}>{RFP_STATE_LABELS[rfp.state]}</span>{" "}
          <span className="badge badge--neutral">{rfp.participation.invited ? "You were invited" : "Public RFP"}</span>
        </p>
        {basics.summary ? <p className="lead">{basics.summary}</p> : null}
      </header>

      {rfp.cancellation ? (
        <div className="banner banner--danger" role="alert">
          <strong>This RFP was cancelled</strong> on <LocalTime value={rfp.cancellation.at} />.
          {rfp.cancellation.reason ? <> Reason given by the buyer: {rfp.cancellation.reason}</> : null} No bids will be accepted or evaluated.
        </div>
      ) : null}
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      {award ? <VendorAwardSection award={award} /> : null}
      {bafo ? <BafoRfpSection bafo={bafo} rfpId={rfp.id} termSheet={rfp.termSheet} currency={basics.currency} /> : null}

      <div className="rfp-layout">
        <div className="rfp-main">
          <Section id="scope" title="Scope">
            <PlainText text={basics.scope} empty="The buyer has not described the scope." />
          </Section>
          <Section id="term-sheet" title="Term sheet" intro="Every bundle you bid gives a value for each of these issues.">
            <KeptMarkup component={TermSheetTable} props={{ issues: rfp.termSheet, currency: basics.currency }} />
          </Section>
          <Section id="bundles" title="The three bundles you bid" intro="You bid all three at once; the buyer compares each of them with every other vendor's bundles.">
            <KeptMarkup component={BundleSlotList} props={{ slots: rfp.bundleSlots }} />
          </Section>
          <Section id="criteria" title="Criteria and how they are scored" intro="Each bundle's score is the sum of its points on every criterion; the weights add up to 100.">
            <KeptMarkup component={CriteriaTable} props={{ scoring: rfp.scoring }} />
          </Section>
          <Section id="sla" title="SLA requirements and remedies" intro="Every bundle states these service levels with at least these targets, and the remedies that apply automatically on a breach.">
            <KeptMarkup component={SlaRequirementsList} props={{ sla: rfp.sla, requiredRemedies: rfp.scoring.requiredRemedies }} />
          </Section>
          <Section id="addenda" title="Addenda">
            <Addenda addenda={rfp.addenda} actionData={actionData?.intent === "acknowledge" ? actionData : undefined} canAcknowledge={rfp.state !== "cancelled"} />
          </Section>
          <Section id="questions" title="Questions and answers">
            <Questions rfp={rfp} lastResult={actionData?.intent === "ask" ? actionData.result : undefined} />
          </Section>
        </div>

        <aside className="rfp-aside" aria-label="Your participation">
          {rfp.state !== "draft" ? (
            <section className="panel panel--cta" aria-labelledby="bid-cta-title">
              <h2 id="bid-cta-title">Your bid</h2>
              <BidStatus rfp={rfp} bafo={bafo} />
            </section>
          ) : null}
          {/* Only while it may change (after the deadline the bid itself says whether the vendor bid), or to say why a late answer was refused. */}
          {asksIntentToBid(rfp.state) || declareError ? (
            <section className="panel" id="intent" aria-labelledby="intent-title">
              <h2 id="intent-title">Intent to bid</h2>
              {asksIntentToBid(rfp.state) ? <IntentToBid rfp={rfp} error={declareError} /> : <p className="field-error" role="alert">{declareError}</p>}
            </section>
          ) : null}
          {waiting.length > 0 ? (
            <section className="panel panel--warn" aria-labelledby="waiting-title">
              <h2 id="waiting-title">{waiting.length === 1 ? "1 addendum" : `${waiting.length} addenda`} to acknowledge</h2>
              <p>The buyer changed the RFP. Read what changed and acknowledge it.</p>
              <p><a href="#addenda">Read the addenda</a></p>
            </section>
          ) : null}
          <section className="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <TimelineList timeline={rfp.timeline} laterRound={bafo?.shortlisted ? bafo : null} />
            <p className="hint">Times are shown in your own time zone.</p>
          </section>
          <section className="panel" aria-labelledby="basics-title">
            <h2 id="basics-title">At a glance</h2>
            <dl className="facts">
              <dt>Buyer</dt>
              <dd>{rfp.buyer}</dd>
              <dt>Category</dt>
              <dd>{basics.category ? RFP_CATEGORY_LABELS[basics.category] : <span className="muted">not stated</span>}</dd>
              <dt>Currency</dt>
              <dd>{basics.currency}</dd>
              <dt>Evaluation horizon</dt>
              <dd>{basics.horizonMonths !== null ? `${basics.horizonMonths} months` : <span className="muted">not stated</span>}</dd>
            </dl>
          </section>
        </aside>
      </div>
    </article>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: React.ReactNode }) {
  return (
    <section className="panel" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p className="hint">{intro}</p> : null}
      {children}
    </section>
  );
}

type Bafo = NonNullable<LoaderData["bafo"]>;
type RoundBid = Rfp["bid"];

/**
 * Where the vendor's own bid stands (draft / submitted version N / withdrawn), with its receipt
 * and the next step. Once the RFP has a BAFO round each line names its round and its receipt
 * asks for that round (version numbers start again in every round): a shortlisted vendor sees
 * the round it bids in now above its round-1 bid; the button opens the bid page, which is that
 * round's.
 */
function BidStatus({ rfp, bafo }: { rfp: Rfp; bafo: Bafo | null }) {
  const current = bafo?.current ?? null;
  const open = current && bafo ? !bafo.deadlinePassed : rfp.state === "open";
  const now = current ?? rfp.bid;
  const inRound = current && bafo ? `round-${bafo.round} ` : "";
  const action = !open ? "View your bid" : now.state === "submitted" ? `Revise your ${inRound}bid` : now.state === "withdrawn" ? "Submit again" : now.draftSavedAt ? `Continue your ${inRound}bid` : `Prepare your ${inRound}bid`;
  return (
    <>
      {current && bafo ? <RoundBidLine bid={current} round={bafo.round} laterRounds open={open} carried={bafo.confirmedUnchanged} /> : null}
      <RoundBidLine bid={rfp.bid} round={1} laterRounds={bafo !== null} open={rfp.state === "open"} />
      <p>
        <Link to="bid" className="button">
          {action}
        </Link>
      </p>
    </>
  );
}

function RoundBidLine({ bid, round, laterRounds, open, carried = false }: { bid: RoundBid; round: number; laterRounds: boolean; open: boolean; carried?: boolean }) {
  const { state, lastVersion, draftSavedAt } = bid;
  const receipt = lastVersion ? <Link to={`bid/receipt/${lastVersion.number}${laterRounds ? `?round=${round}` : ""}`}>{laterRounds ? `Round-${round} receipt` : "Receipt"} of version {lastVersion.number}</Link> : null;
  const inRound = laterRounds ? `Round ${round}: ` : "";
  if (state === "submitted" && lastVersion) {
    return (
      <p>
        {inRound}<span className="badge">Submitted</span> Version {lastVersion.number}{carried ? ` (your round-${round - 1} bid, confirmed unchanged)` : ""}, received <LocalTime value={lastVersion.receivedAt} />. {receipt}
      </p>
    );
  }
  if (state === "withdrawn" && lastVersion) {
    return (
      <p>
        {inRound}<span className="badge badge--bad">Withdrawn</span> You withdrew version {lastVersion.number}; no bid of yours counts now. {receipt}
      </p>
    );
  }
  if (draftSavedAt) {
    return (
      <p>
        {inRound}<span className="badge badge--neutral">Draft</span> Saved <LocalTime value={draftSavedAt} />, not submitted: the buyer receives nothing until you submit.
      </p>
    );
  }
  if (round > 1) return <p>{inRound}{open ? "Submit a new bid, or confirm your earlier one unchanged, before the round closes." : "You neither bid nor confirmed your earlier bid, so you are not in this round's ranking."}</p>;
  return <p>{inRound}{open ? "Fill in your three bundles, save drafts as you go, and submit before the deadline." : "You did not submit a bid."}</p>;
}

function IntentToBid({ rfp, error }: { rfp: Rfp; error?: string }) {
  const navigation = useNavigation();
  const { intendsToBid } = rfp.participation;
  const said = intendsToBid === null ? null : intendsToBid ? "you intend to bid" : "you will not bid";
  // A submitted bid says it: asking again (or offering "we will not bid") would contradict it.
  if (rfp.bid.state === "submitted") return <p>You submitted a bid, so the buyer sees that <strong>you intend to bid</strong>.</p>;
  return (
    <>
      <p>
        {said ? (
          <>You told the buyer <strong>{said}</strong>.</>
        ) : (
          <>You have not told the buyer whether you intend to bid.</>
        )}
      </p>
      <Form method="post" className="button-row">
        <input type="hidden" name="intent" value="declare" />
        <button type="submit" name="intendsToBid" value="yes" className="button" disabled={navigation.state === "submitting"}>
          Yes, we intend to bid
        </button>
        <button type="submit" name="intendsToBid" value="no" className="button button--secondary" disabled={navigation.state === "submitting"}>
          No, we will not bid
        </button>
      </Form>
      <p className="hint">Not binding: it helps the buyer plan. You may change your answer until the deadline.</p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </>
  );
}

function Addenda({ addenda, actionData, canAcknowledge }: { addenda: Rfp["addenda"]; actionData?: { addendumId: string; error: string }; canAcknowledge: boolean }) {
  const navigation = useNavigation();
  if (addenda.length === 0) return <p className="muted">No addenda: the RFP is as it was published.</p>;
  return (
    <>
      {addenda.map((a) => (
        <article key={a.id} id={`addendum-${a.id}`} className="addendum" aria-labelledby={`addendum-${a.id}-title`}>
          <h3 id={`addendum-${a.id}-title`}>
            Addendum {a.number}: {a.kind === "deadline_extension" ? "deadline extension" : "amendment"}
          </h3>
          <p className="muted">Issued <LocalTime value={a.issuedAt} /></p>
          <p><strong>Why:</strong> {a.reason}</p>
          <AddendumChanges changes={a.changes} />
          {a.acknowledgedAt ? (
            <p className="acknowledged">✓ Acknowledged on <LocalTime value={a.acknowledgedAt} /></p>
          ) : canAcknowledge ? (
            <Form method="post">
              <input type="hidden" name="intent" value="acknowledge" />
              <input type="hidden" name="addendumId" value={a.id} />
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                Acknowledge addendum {a.number}
              </button>
            </Form>
          ) : (
            <p className="muted">Not acknowledged.</p>
          )}
          {actionData?.addendumId === a.id ? <p className="field-error" role="alert">{actionData.error}</p> : null}
        </article>
      ))}
    </>
  );
}

function Questions({ rfp, lastResult }: { rfp: Rfp; lastResult?: SubmissionResult<string[]> }) {
  const published = rfp.questions.filter((q) => q.visibility === "published");
  const own = rfp.questions.filter((q) => q.askedByYou && q.visibility !== "published");
  const closedAt = rfp.timeline.questionsCloseAt ?? rfp.timeline.bidsCloseAt;
  return (
    <>
      <h3 className="subhead">Answers published to every vendor</h3>
      {published.length === 0 ? (
        <p className="muted">No answers are published yet.</p>
      ) : (
        <ul className="qa-list">
          {published.map((q) => (
            <li key={q.id} className="qa">
              <p className="qa__q"><span className="qa__tag">Q</span> {q.question}</p>
              <div className="qa__a"><span className="qa__tag">A</span> <div><PlainText text={q.answer ?? ""} /></div></div>
              <p className="hint">
                Published <LocalTime value={q.answeredAt} />
                {q.askedByYou ? " · you asked this; other vendors do not see who asked" : null}
              </p>
            </li>
          ))}
        </ul>
      )}

      <h3 className="subhead">Your questions</h3>
      {own.length === 0 ? (
        <p className="muted">You have no questions waiting or answered privately.</p>
      ) : (
        <ul className="qa-list">
          {own.map((q) => (
            <li key={q.id} className="qa">
              <p className="qa__q"><span className="qa__tag">Q</span> {q.question}</p>
              {q.answer ? (
                <>
                  <div className="qa__a"><span className="qa__tag">A</span> <div><PlainText text={q.answer} /></div></div>
                  <p className="hint">Answered privately <LocalTime value={q.answeredAt} />: only your organisation reads this answer.</p>
                </>
              ) : (
                <p className="hint"><span className="badge badge--neutral">Waiting for an answer</span> Asked <LocalTime value={q.askedAt} /></p>
              )}
            </li>
          ))}
        </ul>
      )}

      <h3 className="subhead">Ask a question</h3>
      {rfp.questionsOpen ? (
        <AskQuestionForm key={own.length} lastResult={lastResult} closesAt={closedAt} />
      ) : rfp.cancellation ? (
        <p className="muted">Questions are closed: this RFP was cancelled.</p>
      ) : (
        <p className="muted">Questions closed on <LocalTime value={closedAt} />.</p>
      )}
    </>
  );
}

function AskQuestionForm({ lastResult, closesAt }: { lastResult?: SubmissionResult<string[]>; closesAt: string | null }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "ask-question",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: askQuestionSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="ask" />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextAreaField
        label="Your question"
        meta={fields.question}
        hint="The buyer answers either to you alone or to every vendor; a published answer never names who asked."
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>Send question</button>
        {closesAt ? <span className="hint">Questions close <LocalTime value={closesAt} />.</span> : null}
      </div>
    </Form>
  );
}
