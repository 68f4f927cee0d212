import { eq } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { createRound, movePhase, reviewProposal, submitProposal } from "#app/modules/budgeting/commands.server.ts";
import { createPriorities, setPrioritiesStatus } from "#app/modules/budgeting/priorities.server.ts";
import { getRoundByKey, listPriorities, listProposals } from "#app/modules/budgeting/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { createPanel, setQuotas, setRecruiting } from "#app/modules/panels/commands.server.ts";
import { getPanelByKey } from "#app/modules/panels/queries.server.ts";
import { persons } from "#db/schema/index.ts";

// The demo municipality's participation beyond the consultation (seedDemo):
// a participatory-budgeting round open for voting, a citizen panel recruiting
// and a budget-priorities consultation, so a visitor of `npm start` meets every
// kind of process from the home page. Made through the modules' own commands
// (the rules they check apply), by a system person; idempotent by key.

const DAY = 86_400_000;
const SYSTEM_EMAIL = "demo-system@vadso.demo.invalid";

type Must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }) => T;
const must: Must = (r) => {
  if (!r.ok) throw new Error(`demo seed: ${JSON.stringify(r.error)}`);
  return r.value;
};

async function systemActor(deps: Deps, tenantId: string): Promise<Actor> {
  const { db } = deps.db;
  await db.insert(persons).values({ email: SYSTEM_EMAIL, displayName: "Medvirk demo" }).onConflictDoNothing();
  const [p] = await db.select({ id: persons.id }).from(persons).where(eq(persons.email, SYSTEM_EMAIL));
  return { id: p!.id, memberships: [{ tenantId, role: "admin", bodyId: null }], platformAdmin: false };
}

export async function seedDemoParticipation(deps: Deps, tenantId: string): Promise<void> {
  const db = deps.db.db;
  const actor = await systemActor(deps, tenantId);
  const now = deps.now();
  const day = (n: number) => new Date(now.getTime() + n * DAY).toISOString();

  if (!(await getRoundByKey(db, tenantId, "nabolagsmidler-2027"))) {
    const { id: roundId } = must(
      await createRound(deps, actor, {
        tenantId,
        key: "nabolagsmidler-2027",
        title: {
          nb: "Nabolagsmidler 2027",
          nn: "Nabolagsmidlar 2027",
          se: "Ránnjágodderuđat 2027",
          en: "Neighbourhood fund 2027",
        },
        description: {
          nb: "Vadsø setter av 500 000 kroner til små tiltak som innbyggerne foreslår. Velg prosjektene du vil ha, innenfor budsjettet.",
          nn: "Vadsø set av 500 000 kroner til små tiltak som innbyggjarane føreslår. Vel prosjekta du vil ha, innanfor budsjettet.",
          en: "Vadsø sets aside NOK 500,000 for small projects proposed by residents. Choose the projects you want, within the budget.",
        },
        budget: 500_000n,
        eligibility: { level: "phone" },
        rules: { ballot: { kind: "knapsack" }, tally: { rule: "mes", completion: "add1" } },
        categories: [],
        phaseDates: { voting: { endsAt: day(14) } },
      }),
    );
    must(await movePhase(deps, actor, { tenantId, roundId, to: "proposals" }));
    for (const [title, cost] of [
      ["Gatelys langs skoleveien i Kiby", 180_000n],
      ["Ny lekeplass ved Vadsø skole", 250_000n],
      ["Gapahuk ved Store Vadsøya", 90_000n],
      ["Benker og søppelkasser langs strandpromenaden", 60_000n],
    ] as const)
      must(await submitProposal(deps, { id: actor.id }, { tenantId, roundId, title, estimatedCost: cost }));
    for (const p of await listProposals(db, roundId))
      must(
        await reviewProposal(deps, actor, {
          tenantId,
          proposalId: p.id,
          decision: "feasible",
          officialCost: BigInt(p.estimatedCost ?? 0),
        }),
      );
    must(await movePhase(deps, actor, { tenantId, roundId, to: "voting" }));
  }

  const existingPanel = await getPanelByKey(db, tenantId, "innbyggerpanel-2027");
  if (!existingPanel || existingPanel.status === "draft") {
    const { id: panelId } =
      existingPanel ??
      must(
        await createPanel(deps, actor, {
          tenantId,
          key: "innbyggerpanel-2027",
          title: {
            nb: "Innbyggerpanel om sentrumsplanen",
            nn: "Innbyggjarpanel om sentrumsplanen",
            en: "Citizen panel on the town centre plan",
          },
          purpose: {
            nb: "24 innbyggere trekkes slik at panelet ligner Vadsø i alder, kjønn og bosted. Panelet møtes fire ganger og gir råd til kommunestyret.",
            nn: "24 innbyggjarar blir trekte slik at panelet liknar Vadsø i alder, kjønn og bustad. Panelet møtest fire gonger og gir råd til kommunestyret.",
            en: "24 residents are drawn so that the panel resembles Vadsø by age, gender and where people live. The panel meets four times and advises the council.",
          },
          size: 24,
        }),
      );
    const q = (category: string, feature: string, share: number) => ({
      category,
      feature,
      min: null,
      max: null,
      populationShare: share,
      tolerance: 1,
    });
    must(
      await setQuotas(deps, actor, {
        tenantId,
        panelId,
        rows: [
          q("Kjønn", "Kvinne", 0.49),
          q("Kjønn", "Mann", 0.51),
          q("Alder", "16–34 år", 0.3),
          q("Alder", "35–59 år", 0.4),
          q("Alder", "60 år og eldre", 0.3),
        ],
      }),
    );
    must(await setRecruiting(deps, actor, { tenantId, panelId, open: true }));
  }

  if (!(await listPriorities(db, tenantId)).some((p) => p.key === "budsjett-2027")) {
    const M = 1_000_000;
    const sector = (key: string, nb: string, en: string, amount: number, spread: number) => ({
      key,
      name: { nb, en },
      amount: String(amount * M),
      min: String((amount - spread) * M),
      max: String((amount + spread) * M),
    });
    const { id } = must(
      await createPriorities(deps, actor, {
        tenantId,
        key: "budsjett-2027",
        title: {
          nb: "Hva skal Vadsø prioritere i budsjettet for 2027?",
          en: "What should Vadsø prioritise in the 2027 budget?",
        },
        year: 2027,
        sectors: [
          sector("school", "Skole og barnehage", "Schools and kindergartens", 180, 15),
          sector("care", "Helse og omsorg", "Health and care", 220, 15),
          sector("roads", "Veier og kommunalteknikk", "Roads and utilities", 60, 10),
          sector("culture", "Kultur og idrett", "Culture and sport", 25, 8),
        ],
        closesAt: new Date(day(21)),
      }),
    );
    must(await setPrioritiesStatus(deps, actor, { tenantId, id, status: "open" }));
  }
}
