import { formatNumber, formatPercent } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { OPINION_STATEMENT_MAX } from "#db/schema/index.ts";
import type { OpinionDeps } from "./commands.server.ts";
import { scaleDots, stackDots } from "./present.ts";
import { statementsPage } from "./queries.server.ts";

// The statements page as the browser gets it: every number formatted through Intl for the
// reader's language, participants as anonymous dots (no ids leave the server).
export const GROUP_NAMES = ["A", "B", "C", "D", "E"] as const;

export async function statementsView(
  deps: OpinionDeps,
  input: { tenantId: string; consultationId: string; personId: string | null; locale: Locale },
) {
  const p = await statementsPage(deps, input.tenantId, input.consultationId, input.personId);
  if (!p) return null;
  const { locale } = input;
  const g = p.groups;
  const pct = (x: number) => formatPercent(x, locale);
  return {
    consultationId: p.consultation.id,
    consultationTitle: pickText(p.consultation.title, locale),
    open: p.open,
    notYetOpen: p.notYetOpen,
    max: OPINION_STATEMENT_MAX,
    next: p.next ? { id: p.next.id, text: p.next.text } : null,
    published: p.published,
    answerable: p.answerable,
    progress: { voted: formatNumber(p.voted, locale), total: formatNumber(p.answerable, locale) },
    mine: p.mine.map((s) => ({ id: s.id, text: s.text, state: s.state })),
    groups: g.ok
      ? {
          ok: true as const,
          participants: formatNumber(g.participants, locale),
          dots: stackDots(scaleDots(g.points)),
          ungrouped: formatNumber(g.points.filter((x) => x.group < 0).length, locale),
          hasUngrouped: g.points.some((x) => x.group < 0),
          groups: g.groups.map((gr, i) => ({
            name: GROUP_NAMES[i] ?? String(i + 1),
            size: formatNumber(gr.size, locale),
            representative: gr.representative.map((s) => ({
              id: s.id,
              text: s.text,
              agree: pct(s.agree),
              disagree: pct(s.disagree),
              side: s.side,
            })),
          })),
          consensus: g.consensus.map((s) => ({
            id: s.id,
            text: s.text,
            agree: pct(s.agree),
            disagree: pct(s.disagree),
            side: s.side,
          })),
        }
      : {
          ok: false as const,
          participants: formatNumber(g.participants, locale),
          needed: formatNumber(g.needed, locale),
        },
  };
}

export type StatementsView = NonNullable<Awaited<ReturnType<typeof statementsView>>>;
