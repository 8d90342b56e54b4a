// The RFP authoring use cases (issue #4), one import for routes and the API.
export { type RfpActor, invitationPath, RFP_NOT_FOUND, STALE_SAVE } from "./access.server";
export { createRfp, copyRfp, deleteDraftRfp, type DraftCreated } from "./draft-rfp.server";
export {
  saveRfpBasics,
  saveRfpTimeline,
  saveRfpTermSheet,
  saveRfpBundleSlots,
  saveRfpCriteria,
  saveRfpSlaRequirements,
  saveRfpConfidential,
  setRfpVisibility,
  type Saved,
} from "./save-rfp.server";
export { checkRfpReadiness, publishRfp, type Published } from "./publish-rfp.server";
export { inviteVendors, acceptInvitation, readInvitation, declareIntentToBid, type InvitationsResult } from "./invitations.server";
export { issueAddendum, extendDeadline, acknowledgeAddendum, type AddendumIssued } from "./addenda.server";
export { askQuestion, answerQuestion } from "./questions.server";
export { cancelRfp } from "./cancel-rfp.server";
export { listRfpsForBuyer, getRfpActivity, getRfpAddenda, getRfpConfidential, getRfpForBuyer, getRfpVendors, getRfpWorkspace, readRfpWorkspace, workspaceTabReads, type BuyerRfpSummary, type BuyerRfpView, type RfpWorkspaceCore, type RfpWorkspaceRead, type RfpWorkspaceView } from "./read-buyer.server";
export { listRfpsForVendor, getRfpForVendor, type VendorRfpSummary, type VendorRfpView } from "./read-vendor.server";
