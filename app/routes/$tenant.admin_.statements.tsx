import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { StatementForm } from "#app/modules/consultations/statements-form.ts";
import { councilContext, statementsView, writeStatement } from "#app/modules/consultations/statements-page.server.ts";
import type { Failure } from "#app/modules/consultations/ui.tsx";
import { CouncilStatements } from "#app/modules/consultations/ui/statements.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// For a council's secretary: the statements asked of their councils (app/modules/consultations/ui/statements.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return statementsView(context.deps, await councilContext(request, params, context.deps));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await councilContext(request, params, context.deps);
  const form = await request.formData();
  const values = valuesOf(form, 50_000);
  const statementId = (values.statementId ?? "").slice(0, 40);
  const input = parseForm(form, StatementForm);
  const r = input.ok ? await writeStatement(context.deps, ctx, input.value) : input;
  if (!r.ok) {
    const detail = r.error.details?.[0];
    const failure: Failure = {
      intent: `statement-${statementId}`,
      code: input.ok ? r.error.code : (detail?.code ?? r.error.code),
      field: detail?.field ?? "text",
      params: input.ok ? r.error.params : detail?.params,
      values: { text: values.text ?? "", statementId },
    };
    return Response.json({ failure }, { status: r.error.status });
  }
  return redirect(`/${ctx.m.slug}/admin/statements?done=${encodeURIComponent(statementId)}#s-${statementId}`, {
    status: 303,
    headers: { "X-Remix-Revalidate": "yes" },
  });
}

export default function CouncilStatementsPage() {
  const a = useActionData<{ failure?: Failure }>();
  return <CouncilStatements d={useLoaderData<typeof loader>()} f={a?.failure ?? null} />;
}
