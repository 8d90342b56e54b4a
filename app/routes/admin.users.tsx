import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { createUserSchema } from "~/domain/accounts";
import { BUYER_SIDE_ROLES, ROLE_LABELS } from "~/domain/permissions";
import { runtime } from "~/runtime.server";
import { createUserInOwnOrganisation, listAccountsForAdmin } from "~/services/administration.server";
import { orRespond } from "~/web/errors.server";
import { replyWithDomainError } from "~/web/forms.server";
import { requireActor } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "Users · Pareto" }];

// Tenancy: an admin manages the users of its own organisation only (see docs/decisions/012-tenancy.md).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireActor(request, context, "manage:user:own");
  const { database } = await runtime();
  return json(await orRespond(listAccountsForAdmin(database.db, admin)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireActor(request, context, "manage:user:own");
  const submission = parseWithZod(await readFormData(request), { schema: createUserSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password"] }), created: null }, { status: 400 });
  const { database } = await runtime();
  try {
    const { user } = await createUserInOwnOrganisation(database.db, submission.value, admin);
    return json({ result: submission.reply({ resetForm: true }), created: `${user.email} can now sign in as ${ROLE_LABELS[submission.value.role].toLowerCase()}.` });
  } catch (error) {
    const reply = replyWithDomainError(submission, error, ["password"]);
    return json({ result: await reply.json(), created: null }, { status: reply.status });
  }
}

export default function AdminUsers() {
  const { users, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createUserSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { organisationId: organisations.length === 1 ? organisations[0]!.id : undefined },
  });
  return (
    <>
      <h1>Users</h1>
      <div className="stack">
        <section className="panel panel--form" aria-labelledby="create-title">
          <h2 id="create-title">Create a buyer-side account</h2>
          <p className="hint">Vendors register themselves; here you add buyers, evaluators and administrators.</p>
          {actionData?.created ? <p className="notice" role="status">{actionData.created}</p> : null}
          <Form method="post" {...getFormProps(form)}>
            <FormErrors errors={form.errors} id={form.errorId} />
            <TextField label="Name" meta={fields.name} />
            <TextField label="Email" meta={fields.email} type="email" />
            <TextField label="Initial password" meta={fields.password} type="password" autoComplete="new-password" hint="At least 10 characters; share it safely." />
            <SelectField label="Role" meta={fields.role} options={BUYER_SIDE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
            <SelectField label="Organisation" meta={fields.organisationId} options={organisations.map((o) => ({ value: o.id, label: o.name }))} />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>Create account</button>
          </Form>
        </section>
        <section className="panel" aria-labelledby="list-title">
          <h2 id="list-title">Accounts of your organisation ({users.length})</h2>
          <div className="table-wrap">
            {/* On a phone each account is a card (name, then labelled email, role and organisation). */}
            <table className="table--stack">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Organisation</th></tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={`${u.id}-${u.role}`}>
                    <td><strong>{u.name}</strong></td><td data-label="Email">{u.email}</td><td data-label="Role">{ROLE_LABELS[u.role]}</td><td data-label="Organisation">{u.organisation_name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}
