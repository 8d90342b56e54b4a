// A stored evaluation snapshot's result: exactly what `npm run evaluate -- input.json --json`
// printed for its input. Chair only. The download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { snapshotDownload } from "~/web/snapshot-download.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return snapshotDownload(request, context, params.rfpId ?? "", params.snapshotId ?? "", "result");
}
