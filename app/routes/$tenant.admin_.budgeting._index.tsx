import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { postNewRound, staffRoundsPage, type NewRoundReply } from "#app/modules/budgeting/staff-rounds-page.server.ts";
import { StaffRoundsPage } from "#app/modules/budgeting/ui/staff-rounds.tsx";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: the PB rounds and a new one (app/modules/budgeting/staff-rounds-page.server.ts).
export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  staffRoundsPage(request, params, context.deps);
export const action = ({ request, params, context }: ActionFunctionArgs) => postNewRound(request, params, context.deps);

export default function AdminBudgetingRoute() {
  const reply = useActionData<typeof action>() as NewRoundReply | undefined;
  return <StaffRoundsPage d={useLoaderData<typeof loader>()} reply={reply} />;
}
