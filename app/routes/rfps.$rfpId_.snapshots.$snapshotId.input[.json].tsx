// A stored evaluation snapshot's input, exactly as stored (and hashed): feed it to
// `npm run evaluate -- input.json --json` to reproduce the snapshot's result. Chair only; the
// file carries the confidential reservation price and BATNA. The download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { snapshotDownload } from "~/web/snapshot-download.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return snapshotDownload(request, context, params.rfpId ?? "", params.snapshotId ?? "", "input");
}
