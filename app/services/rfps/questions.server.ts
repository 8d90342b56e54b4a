// Q&A: vendors ask until questions close (database clock); the buyer answers privately (only
// the asking vendor reads it) or publishes the answer to every vendor without naming the asker.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { databaseNow } from "../../../db/queries/rfps";
import { findQuestionForUpdate, insertQuestion, recordAnswer } from "../../../db/queries/rfp-questions";
import { findRfpVisibleToVendor, vendorOrganisationEmails, vendorRecipients } from "../../../db/queries/rfp-vendors";
import { DomainError } from "../../domain/errors";
import type { AnswerQuestionInput, AskQuestionInput } from "../../domain/rfp/actions";
import { formatInstant } from "../../domain/rfp/format";
import { assertRfpState, questionsOpen } from "../../domain/rfp/state";
import { assertId, auditRfp, loadBuyerRfp, opportunityPath, requireVendor, rfpLabel, RFP_NOT_FOUND, type RfpActor } from "./access.server";
import { joinRfp } from "./invitations.server";
import { notifyEach } from "./notify.server";

export async function askQuestion(db: Kysely<Database>, rfpId: string, input: AskQuestionInput, vendorAccount: RfpActor): Promise<{ questionId: string }> {
  requireVendor(vendorAccount, "ask:question:own");
  assertId(rfpId);
  return db.transaction().execute(async (trx) => {
    const rfp = await findRfpVisibleToVendor(trx, rfpId, vendorAccount.organisation.id);
    if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
    const now = await databaseNow(trx);
    const facts = { publishedAt: rfp.published_at, bidsCloseAt: rfp.bids_close_at, cancelledAt: rfp.cancelled_at, questionsCloseAt: rfp.questions_close_at };
    if (!questionsOpen(facts, now)) {
      const closedAt = rfp.questions_close_at ?? rfp.bids_close_at;
      const message = rfp.cancelled_at ? "This RFP has been cancelled." : `Questions closed on ${closedAt ? formatInstant(closedAt) : "the deadline"}.`;
      throw new DomainError("conflict", message, { question: [message] });
    }
    await joinRfp(trx, rfp, vendorAccount);
    const question = await insertQuestion(trx, { rfpId, vendorOrganisationId: vendorAccount.organisation.id, askedBy: vendorAccount.id, question: input.question });
    await auditRfp(trx, vendorAccount, "rfp.question-asked", rfpId, { questionId: question.id, before: null, after: { question: input.question } });
    return { questionId: question.id };
  });
}

export async function answerQuestion(db: Kysely<Database>, rfpId: string, questionId: string, input: AnswerQuestionInput, actor: RfpActor): Promise<void> {
  assertId(questionId, "There is no such question.");
  await db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "answer:question:own");
    assertRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at }, await databaseNow(trx), ["open", "closed"], "answer questions");
    const question = await findQuestionForUpdate(trx, questionId);
    if (!question || question.rfp_id !== rfpId) throw new DomainError("not_found", "There is no such question.");
    if (question.answer_visibility === "published")
      throw new DomainError("conflict", "This answer is already published to every vendor; correct it with an addendum or a new published answer.");
    const publishedQuestion = input.visibility === "published" ? (input.publishedQuestion ?? question.question) : null;
    await recordAnswer(trx, questionId, { answer: input.answer, visibility: input.visibility, publishedQuestion, answeredBy: actor.id });

    const label = rfpLabel(row);
    if (input.visibility === "private") {
      await notifyEach(trx, rfpId, await vendorOrganisationEmails(trx, question.vendor_organisation_id), {
        kind: "rfp.answer.private",
        subject: `Answer to your question on ${label}`,
        body: `The buyer answered your question on "${label}". Only your organisation can read this answer.\n\nQuestion: ${question.question}\n\nAnswer: ${input.answer}\n\nRead it: ${opportunityPath(rfpId, "questions")}\n`,
      });
    } else {
      // Sent to every vendor alike, the asker included, with no hint of who asked.
      await notifyEach(trx, rfpId, await vendorRecipients(trx, rfpId), {
        kind: "rfp.answer.published",
        subject: `New published answer on ${label}`,
        body: `The buyer published an answer to a vendor question on "${label}".\n\nQuestion: ${publishedQuestion}\n\nAnswer: ${input.answer}\n\nRead it: ${opportunityPath(rfpId, "questions")}\n`,
      });
    }
    await auditRfp(trx, actor, "rfp.question-answered", rfpId, {
      questionId,
      before: { answer: question.answer, visibility: question.answer_visibility },
      after: { answer: input.answer, visibility: input.visibility, publishedQuestion },
    });
  });
}
