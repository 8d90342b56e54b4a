// Questions vendors ask about an RFP, and the buyer's answers. The asking organisation is
// stored for the buyer and for private answers; vendor-facing reads of published answers
// never select it.
import { sql } from "kysely";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import type { Executor } from "./executor";

export async function insertQuestion(db: Executor, values: { rfpId: string; vendorOrganisationId: string; askedBy: string; question: string }) {
  return db
    .insertInto("rfp_questions")
    .values({ rfp_id: values.rfpId, vendor_organisation_id: values.vendorOrganisationId, asked_by: values.askedBy, question: values.question })
    .returning(["id", "asked_at"])
    .executeTakeFirstOrThrow();
}

export async function findQuestionForUpdate(db: Executor, id: string) {
  return db.selectFrom("rfp_questions").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function recordAnswer(db: Executor, id: string, values: { answer: string; visibility: "private" | "published"; publishedQuestion: string | null; answeredBy: string }) {
  await db
    .updateTable("rfp_questions")
    .set({ answer: values.answer, answer_visibility: values.visibility, published_question: values.publishedQuestion, answered_by: values.answeredBy, answered_at: sql<Date>`now()` })
    .where("id", "=", id)
    .execute();
}

/** Buyer-side: every question with who asked it. */
export async function listQuestionsForBuyer(db: Executor, rfpId: string) {
  return questionsForBuyer.rows(db, { rfpId });
}

const questionsForBuyer = builtOnce((db, { rfpId }: { rfpId: string }) =>
  db
    .selectFrom("rfp_questions as q")
    .innerJoin("organisations as o", "o.id", "q.vendor_organisation_id")
    .select(["q.id", "q.question", "q.asked_at", "o.name as vendor_organisation_name", "q.vendor_organisation_id", "q.answer", "q.answer_visibility", "q.published_question", "q.answered_at"])
    .where("q.rfp_id", "=", rfpId)
    .orderBy("q.asked_at")
    .modifyFront(sql.raw(PREPARED)),
);

// Vendor-side (published answers and the vendor's own questions): readVendorRfpPage in rfp-vendors.ts.
