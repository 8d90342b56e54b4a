// The buyer's Q&A desk for one RFP: every vendor question with who asked it (only the buyer
// sees that), and an answer form per unanswered question. A published answer goes to every
// vendor without naming the asker, so the buyer may rephrase the question for publication.
//
// File name: `$rfpId_` keeps this page out of the RFP page's layout (`rfps.$rfpId.tsx`), so
// it renders on its own at /rfps/:rfpId/questions whether or not that layout has an <Outlet/>.
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, RadioGroupField, TextAreaField } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import { PlainText } from "~/components/rfp/plain-text";
import { answerQuestionSchema } from "~/domain/rfp/actions";
import { hasPermission } from "~/domain/permissions";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { answerQuestion, workspaceTabReads } from "~/services/rfps/index.server";
import { loadRfpWorkspace } from "~/web/rfp-editor.server";
import { orRespond } from "~/web/errors.server";
import { replyWithDomainError } from "~/web/forms.server";
import { requireActor } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Questions · ${data.title} · Pareto` : "Questions · Pareto" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Evaluators read the Q&A (it is part of what vendors bid on); only buyers answer, and only
  // they see which vendor asked.
  // The workspace's read of the RFP (the layout's, once per request), then the questions.
  const { actor: account, db, read } = await loadRfpWorkspace(request, context, params.rfpId ?? "");
  const rfp = read.view;
  const questions = await orRespond(workspaceTabReads.questions(db, read));
  const mayAnswer = hasPermission(account.roles, "answer:question:own");
  // Only what this page shows.
  return json({
    mayAnswer,
    title: rfp.definition.basics.title,
    state: rfp.state,
    questionsCloseAt: rfp.definition.timeline.questionsCloseAt ?? rfp.definition.timeline.bidsCloseAt,
    questions: mayAnswer ? questions : questions.map((q) => ({ ...q, askedBy: "A vendor" })),
    answered: new URL(request.url).searchParams.has("answered"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const account = await requireActor(request, context, "answer:question:own");
  const rfpId = params.rfpId ?? "";
  const formData = await readFormData(request);
  const questionId = String(formData.get("questionId") ?? "");
  const submission = parseWithZod(formData, { schema: answerQuestionSchema });
  if (submission.status !== "success") return json({ questionId, result: submission.reply() }, { status: 400 });
  const { database } = await runtime();
  try {
    await answerQuestion(database.db, rfpId, questionId, submission.value, account);
  } catch (error) {
    const reply = replyWithDomainError(submission, error);
    return json({ questionId, result: await reply.json() }, { status: reply.status });
  }
  return redirect(`/rfps/${rfpId}/questions?answered=1#question-${questionId}`);
}

type Question = ReturnType<typeof useLoaderData<typeof loader>>["questions"][number];

export default function RfpQuestions() {
  const { state, questionsCloseAt, questions, answered, mayAnswer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canAnswer = mayAnswer && (state === "open" || state === "closed");
  const open = questions.filter((q) => q.answer === null);
  const done = questions.filter((q) => q.answer !== null);
  return (
    <>
      <h2>Questions and answers</h2>
      {mayAnswer ? (
        <p className="hint">
          Only you see which vendor asked. A private answer goes to the asking vendor alone; a published answer goes to every vendor
          without naming who asked. Vendors can ask until <LocalTime value={questionsCloseAt} />.
        </p>
      ) : (
        <p className="hint">You can read the vendors' questions and the buyer's answers; the buyers of your organisation answer them. Vendors can ask until <LocalTime value={questionsCloseAt} />.</p>
      )}
      {answered ? <p className="notice" role="status">Answer sent. The vendors it is for were notified.</p> : null}
      {mayAnswer && !canAnswer ? <p className="notice">This RFP is {RFP_STATE_LABELS[state].toLowerCase()}: questions can no longer be answered.</p> : null}

      <section className="panel" aria-labelledby="unanswered-title">
        <h2 id="unanswered-title">Waiting for an answer ({open.length})</h2>
        {open.length === 0 ? (
          <p className="muted">{questions.length === 0 ? "No vendor has asked a question yet. New questions appear here, with the vendor who asked." : "Every question has an answer."}</p>
        ) : (
          open.map((q) => (
            <QuestionCard key={q.id} question={q}>
              {canAnswer ? <AnswerForm questionId={q.id} lastResult={actionData?.questionId === q.id ? actionData.result : undefined} /> : null}
            </QuestionCard>
          ))
        )}
      </section>

      <section className="panel" aria-labelledby="answered-title">
        <h2 id="answered-title">Answered ({done.length})</h2>
        {done.length === 0 ? (
          <p className="muted">No answers yet.</p>
        ) : (
          done.map((q) => (
            <QuestionCard key={q.id} question={q}>
              <div className="qa__a"><span className="qa__tag">A</span> <div><PlainText text={q.answer ?? ""} /></div></div>
              <p className="hint">
                {q.visibility === "published" ? (
                  <>
                    <span className="badge">Published to every vendor</span> <LocalTime value={q.answeredAt} />
                    {q.publishedQuestion && q.publishedQuestion !== q.question ? <> · published as: “{q.publishedQuestion}”</> : null}
                  </>
                ) : (
                  <>
                    <span className="badge badge--neutral">{mayAnswer ? `Private to ${q.askedBy}` : "Private to the vendor who asked"}</span> <LocalTime value={q.answeredAt} />
                  </>
                )}
              </p>
            </QuestionCard>
          ))
        )}
      </section>
    </>
  );
}

function QuestionCard({ question, children }: { question: Question; children: React.ReactNode }) {
  return (
    <article id={`question-${question.id}`} className="qa qa--card" aria-labelledby={`question-${question.id}-title`}>
      <h3 id={`question-${question.id}-title`} className="qa__from">
        {question.askedBy} <span className="hint">asked <LocalTime value={question.askedAt} /></span>
      </h3>
      <p className="qa__q"><span className="qa__tag">Q</span> {question.question}</p>
      {children}
    </article>
  );
}

function AnswerForm({ questionId, lastResult }: { questionId: string; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `answer-${questionId}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerQuestionSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const submitting = navigation.state === "submitting" && navigation.formData?.get("questionId") === questionId;
  return (
    <Form method="post" {...getFormProps(form)} className="answer-form">
      <input type="hidden" name="questionId" value={questionId} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextAreaField label="Answer" meta={fields.answer} />
      <RadioGroupField
        legend="Who reads the answer"
        meta={fields.visibility}
        options={[
          { value: "private", label: "Only the vendor who asked" },
          { value: "published", label: "Every vendor, without naming who asked" },
        ]}
      />
      <TextAreaField
        label="Question as every vendor will read it (optional)"
        // The schema's blank-to-undefined preprocess types its input as unknown; the field is a plain string.
        meta={fields.publishedQuestion as FieldMetadata<string | undefined>}
        rows={2}
        hint="Only for a published answer. Leave it blank to publish the question as asked; rephrase it to remove anything that identifies the vendor."
      />
      <button type="submit" className="button" disabled={submitting}>Send answer</button>
    </Form>
  );
}
