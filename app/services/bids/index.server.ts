// The sealed-bid use cases (issue #5), one import for routes and the API.
export { type BidActor } from "./access.server";
export { getBidWorkspace, getReceipt, getReceiptView, type BidWorkspace } from "./workspace.server";
export { saveBidDraft } from "./draft.server";
export { submitBid } from "./submit.server";
export { withdrawBid, confirmBid } from "./withdraw.server";
export { listSubmissionsForBuyer, openSealedBids, type SubmissionSummary, type OpenedBid } from "./buyer.server";
export { type BidReceipt } from "./receipt.server";
