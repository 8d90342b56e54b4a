// The main pages an account may use: the site's navigation, and what a 403 page offers instead.
import type { RootData } from "~/root";

export function placesFor(account: NonNullable<RootData["account"]>, mailbox: boolean): { to: string; label: string; what: string }[] {
  const can = (p: string) => account.permissions.includes(p as never);
  return [
    { to: "/dashboard", label: "Dashboard", what: "what waits for you" },
    ...(can("read:rfp:own") ? [{ to: "/rfps", label: "RFPs", what: can("update:rfp:own") ? "draft, publish and evaluate your organisation's RFPs" : "read your organisation's RFPs, and the evaluations you are on" }] : []),
    ...(can("read:rfp:invited") ? [{ to: "/opportunities", label: "RFPs", what: "the RFPs you are invited to and the public ones" }] : []),
    ...(can("manage:user:own") ? [{ to: "/admin/users", label: "Users", what: "your organisation's accounts" }] : []),
    ...(can("read:audit:own") ? [{ to: "/admin/audit", label: "Audit trail", what: "who did what, and when" }] : []),
    ...(can("manage:organisation:any") ? [{ to: "/operator/organisations", label: "Organisations", what: "the organisations on this portal" }] : []),
    ...(mailbox ? [{ to: "/mailbox", label: "Mailbox", what: "the notifications sent to you" }] : []),
  ];
}

