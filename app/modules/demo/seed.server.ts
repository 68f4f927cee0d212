import { and, eq } from "drizzle-orm";
import {
  agendaItems,
  bodies,
  cases,
  consultations,
  meetings,
  municipalities,
  processes,
  type BodyKind,
} from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { DEMO_MUNICIPALITY_NUMBER } from "./constants.ts";

const DAY = 86_400_000;

// Made-up outlines around two real places (WGS 84), for the area pages.
const VESTRE_JAKOBSELV = {
  type: "Polygon",
  coordinates: [
    [
      [29.22, 70.08],
      [29.38, 70.06],
      [29.45, 70.12],
      [29.36, 70.19],
      [29.2, 70.16],
      [29.22, 70.08],
    ],
  ],
};
const EKKEROY = {
  type: "Polygon",
  coordinates: [
    [
      [30.02, 70.06],
      [30.16, 70.05],
      [30.2, 70.09],
      [30.1, 70.11],
      [30.0, 70.09],
      [30.02, 70.06],
    ],
  ],
};

const BODIES: { key: string; kind: BodyKind; name: LocalizedText; lead: number; area?: unknown }[] = [
  {
    key: "kommunestyre",
    kind: "kommunestyre",
    name: { nb: "Kommunestyret", nn: "Kommunestyret", se: "Gielddastivra", en: "Municipal council" },
    lead: 10,
  },
  {
    key: "formannskap",
    kind: "formannskap",
    name: { nb: "Formannskapet", nn: "Formannskapet", se: "Gielddaráđđi", en: "Executive committee" },
    lead: 7,
  },
  {
    key: "oppvekst",
    kind: "utvalg",
    name: {
      nb: "Utvalg for oppvekst og kultur",
      nn: "Utval for oppvekst og kultur",
      en: "Committee for children, education and culture",
    },
    lead: 7,
  },
  {
    key: "plan",
    kind: "utvalg",
    name: {
      nb: "Utvalg for plan, miljø og teknikk",
      nn: "Utval for plan, miljø og teknikk",
      en: "Committee for planning, environment and infrastructure",
    },
    lead: 7,
  },
  {
    key: "eldreraad",
    kind: "eldreraad",
    name: { nb: "Eldrerådet", nn: "Eldrerådet", se: "Boarrásiidráđđi", en: "Council for older people" },
    lead: 7,
  },
  {
    key: "ungdomsraad",
    kind: "ungdomsraad",
    name: { nb: "Ungdomsrådet", nn: "Ungdomsrådet", se: "Nuoraidráđđi", en: "Youth council" },
    lead: 7,
  },
  {
    key: "funksjonsraad",
    kind: "funksjonshemmederaad",
    name: {
      nb: "Rådet for personer med funksjonsnedsettelse",
      nn: "Rådet for personar med funksjonsnedsetjing",
      en: "Council for persons with disabilities",
    },
    lead: 7,
  },
  {
    key: "grend-vestre-jakobselv",
    kind: "omraadeutvalg",
    name: {
      nb: "Grendeutvalget i Vestre Jakobselv",
      nn: "Grendeutvalet i Vestre Jakobselv",
      en: "Vestre Jakobselv area council",
    },
    lead: 7,
    area: VESTRE_JAKOBSELV,
  },
  {
    key: "grend-ekkeroy",
    kind: "omraadeutvalg",
    name: { nb: "Grendeutvalget på Ekkerøy", nn: "Grendeutvalet på Ekkerøy", en: "Ekkerøy area council" },
    lead: 7,
    area: EKKEROY,
  },
];

/**
 * Seeds the demo municipality's bodies, one upcoming meeting with a published
 * agenda (one item closed to the public), its cases and an open consultation.
 * Idempotent: every row has a stable key and a second run inserts nothing.
 */
export async function seedDemo(db: Db, now: Date): Promise<{ tenantId: string } | null> {
  const [tenant] = await db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(eq(municipalities.number, DEMO_MUNICIPALITY_NUMBER));
  if (!tenant) return null;
  const tenantId = tenant.id;
  const year = now.getUTCFullYear();
  await db.transaction(async (tx) => {
    await tx
      .insert(bodies)
      .values(
        BODIES.map((b) => ({
          tenantId,
          key: b.key,
          kind: b.kind,
          name: b.name,
          noticeLeadDays: b.lead,
          area: b.area ?? null,
        })),
      )
      .onConflictDoNothing({ target: [bodies.tenantId, bodies.key] });
    const [plan] = await tx
      .select({ id: bodies.id })
      .from(bodies)
      .where(and(eq(bodies.tenantId, tenantId), eq(bodies.key, "plan")));
    const start = new Date(Math.ceil((now.getTime() + 8 * DAY) / DAY) * DAY + 16 * 3_600_000); // 8 days ahead, 17:00 Oslo winter time
    await tx
      .insert(meetings)
      .values({
        tenantId,
        bodyId: plan!.id,
        key: "demo-plan-1",
        startsAt: start,
        location: "Bystyresalen, Vadsø rådhus",
        status: "notice_published",
        noticePublishedAt: now,
      })
      .onConflictDoNothing({ target: [meetings.tenantId, meetings.key] });
    const [meeting] = await tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.tenantId, tenantId), eq(meetings.key, "demo-plan-1")));
    await tx
      .insert(cases)
      .values([
        {
          tenantId,
          year,
          sequence: 101,
          title: {
            nb: "Trafikksikkerhetsplan 2027–2030",
            nn: "Trafikktryggingsplan 2027–2030",
            se: "Johtalanoadjudurvvodanplána 2027–2030",
            en: "Road safety plan 2027–2030",
          },
          summary: {
            nb: "Planen sier hvor kommunen skal gjøre skoleveier og gater tryggere de neste fire årene.",
            en: "The plan says where the municipality will make school routes and streets safer over the next four years.",
          },
        },
        {
          tenantId,
          year,
          sequence: 102,
          title: {
            nb: "Ny nærmiljøpark i sentrum",
            nn: "Ny nærmiljøpark i sentrum",
            en: "A new neighbourhood park in the town centre",
          },
          summary: {
            nb: "Forslag om å bruke den gamle parkeringsplassen ved torget til park og lekeplass.",
            en: "A proposal to turn the old car park by the square into a park and playground.",
          },
        },
        {
          tenantId,
          year,
          sequence: 103,
          title: { nb: "Personalsak" },
          summary: {},
        },
      ])
      .onConflictDoNothing({ target: [cases.tenantId, cases.year, cases.sequence] });
    const caseRows = await tx
      .select({ id: cases.id, seq: cases.sequence })
      .from(cases)
      .where(and(eq(cases.tenantId, tenantId), eq(cases.year, year)));
    const caseId = (seq: number) => caseRows.find((c) => c.seq === seq)?.id ?? null;
    await tx
      .insert(agendaItems)
      .values([
        { tenantId, meetingId: meeting!.id, caseId: caseId(101), position: 1 },
        { tenantId, meetingId: meeting!.id, caseId: caseId(102), position: 2 },
        {
          tenantId,
          meetingId: meeting!.id,
          caseId: caseId(103),
          position: 3,
          closed: true,
          closedBasis: "Kml. § 11-5 jf. Offl. § 25",
        },
      ])
      .onConflictDoNothing({ target: [agendaItems.meetingId, agendaItems.position] });
    await tx
      .insert(processes)
      .values({
        tenantId,
        key: "demo-trafikk-innspill",
        kind: "consultation",
        caseId: caseId(101),
        bodyId: plan!.id,
        title: {
          nb: "Hvor føler du deg utrygg i trafikken?",
          nn: "Kvar kjenner du deg utrygg i trafikken?",
          se: "Gos don dovddat iežat oadjebasmeahttumin johtalusas?",
          en: "Where do you feel unsafe in traffic?",
        },
        status: "active",
        opensAt: now,
        closesAt: new Date(start.getTime() - 3 * DAY),
      })
      .onConflictDoNothing({ target: [processes.tenantId, processes.key] });
    // The process is a consultation residents can take part in (comments, support, map pins).
    const [proc] = await tx
      .select({ id: processes.id, title: processes.title, closesAt: processes.closesAt, opensAt: processes.opensAt })
      .from(processes)
      .where(and(eq(processes.tenantId, tenantId), eq(processes.key, "demo-trafikk-innspill")));
    await tx
      .insert(consultations)
      .values({
        tenantId,
        processId: proc!.id,
        caseId: caseId(101)!,
        bodyId: plan!.id,
        meetingId: meeting!.id,
        title: proc!.title,
        summary: {
          nb: "Kommunen lager en trafikksikkerhetsplan. Fortell hvor du føler deg utrygg som gående, syklist eller bilist, og hva som bør gjøres. Innspillene går til utvalget før det behandler saken.",
          nn: "Kommunen lagar ein trafikktryggingsplan. Fortel kvar du kjenner deg utrygg som gåande, syklist eller bilist, og kva som bør gjerast. Innspela går til utvalet før det handsamar saka.",
          en: "The municipality is making a road safety plan. Tell us where you feel unsafe walking, cycling or driving, and what should be done. Your input goes to the committee before it decides.",
        },
        opensAt: proc!.opensAt ?? now,
        closesAt: proc!.closesAt ?? new Date(start.getTime() - 3 * DAY),
        pinCategories: ["Farlig kryss", "Mangler fortau", "Dårlig belysning", "Skolevei"],
      })
      .onConflictDoNothing({ target: consultations.processId });
  });
  return { tenantId };
}
