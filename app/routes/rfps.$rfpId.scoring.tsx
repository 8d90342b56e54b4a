// The panel member's scoring area: the queue with the declarations (index) and one vendor's
// MESO grid with the score form (child). Who may see what is decided by the services.
import { Outlet } from "@remix-run/react";

export default function ScoringLayout() {
  return <Outlet />;
}
