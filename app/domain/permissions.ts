// Who may do what. One place decides; guards and the UI only read from here.
// `operator` runs the platform (organisations), belongs to no buyer's work, and is created only
// by the CLI: it is neither a buyer-side role an admin can grant nor a vendor role.
export const ROLES = ["buyer", "evaluator", "admin", "vendor", "operator"] as const;
export type Role = (typeof ROLES)[number];
export const BUYER_SIDE_ROLES = ["buyer", "evaluator", "admin"] as const satisfies readonly Role[];
export type BuyerSideRole = (typeof BUYER_SIDE_ROLES)[number];

type Action = "create" | "read" | "update" | "publish" | "open" | "confirm" | "withdraw" | "score" | "moderate" | "declare" | "award" | "submit" | "ask" | "manage" | "answer" | "cancel" | "invite" | "acknowledge";
type Entity = "rfp" | "bids" | "submissions" | "bid" | "confidential" | "question" | "user" | "organisation" | "audit" | "dashboard" | "notification" | "vendor" | "addendum" | "opening" | "panel" | "conflict" | "scores" | "evaluation" | "bafo";
type Access = "own" | "any" | "invited";
export type Permission = `${Action}:${Entity}:${Access}`;

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The buyer chairs the evaluation: starts the opening, names the panel, moderates and locks.
  buyer: ["read:dashboard:own", "create:rfp:own", "read:rfp:own", "update:rfp:own", "publish:rfp:own", "read:submissions:own", "open:bids:own", "confirm:opening:own", "read:opening:own", "manage:panel:own", "moderate:scores:own", "read:evaluation:own", "award:rfp:own", "read:confidential:own", "update:confidential:own", "invite:vendor:own", "answer:question:own", "cancel:rfp:own", "manage:bafo:own"],
  // Evaluators confirm an opening as the second key, declare conflicts, score on a panel and read
  // the results (without confidential figures; the results service applies panel and conflicts).
  evaluator: ["read:dashboard:own", "read:rfp:own", "confirm:opening:own", "read:opening:own", "declare:conflict:own", "score:bid:own", "read:evaluation:own"],
  // Administrators may turn the second key of an opening and read its register, never bid content.
  // Tenancy: they manage the users and read the audit trail of their own organisation only.
  // Four eyes on the award (decision 020): an administrator may propose, approve, conclude or cancel it.
  // An administrator may withdraw anyone's started, unconfirmed opening (decision 007); a buyer only its own.
  admin: ["read:dashboard:own", "read:rfp:own", "confirm:opening:own", "withdraw:opening:own", "read:opening:own", "manage:user:own", "read:audit:own", "award:rfp:own"],
  vendor: ["read:dashboard:own", "read:rfp:invited", "submit:bid:own", "ask:question:own", "acknowledge:addendum:own"],
  // The platform operator lists and manages organisations; it never reads RFPs, bids or confidential figures.
  operator: ["read:dashboard:own", "manage:organisation:any"],
};

/** Each set of roles' permissions, made once (every signed-in request asks, for one of a handful of role sets). */
const permissionSets = new Map<string, ReadonlySet<Permission>>();

export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  const key = roles.join(" ");
  let permissions = permissionSets.get(key);
  if (!permissions) {
    permissions = new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
    permissionSets.set(key, permissions);
  }
  return permissions;
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export const ROLE_LABELS: Record<Role, string> = {
  buyer: "Buyer",
  evaluator: "Evaluator",
  admin: "Administrator",
  vendor: "Vendor",
  operator: "Platform operator",
};
