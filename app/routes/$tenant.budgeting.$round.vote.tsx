import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { VotePage } from "#app/modules/budgeting/ui/ballot.tsx";
import { postBallot, votePage, type BallotReply } from "#app/modules/budgeting/vote-page.server.ts";

// The participatory-budgeting ballot (issue 8): a voter chooses projects
// within the budget, sees the budget bar and the running total (with and
// without JavaScript), and casts the ballot for a receipt.
export const handle = { i18n: ["budgeting", "identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return votePage(request, params, context.deps);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return postBallot(request, params, context.deps);
}

export default function VoteRoute() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as BallotReply | undefined;
  return <VotePage d={d} reply={reply} />;
}
