import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { writeCsv } from "#app/lib/csv.ts";
import type { Deps } from "#app/lib/deps.ts";
import { parseE164 } from "#app/modules/sms/phone.ts";
import { phoneHash } from "#app/modules/sms/crypto.server.ts";
import {
  memberships,
  personIdentities,
  persons,
  residentVerifications,
  sessions,
  signInCodes,
  staffInvitations,
} from "#db/schema/index.ts";
import { eraseConsultationPerson } from "#app/modules/consultations/privacy.server.ts";
import { erasePanelPerson } from "#app/modules/panels/privacy.server.ts";
import { eraseSmsOfNumber } from "#app/modules/sms/privacy.server.ts";
import { appendAudit } from "./audit.server.ts";

// A person's own data: export (JSON + one CSV per table, in a zip) and
// deletion. Tables are found by the naming rule in db/schema/identity.ts: a
// column that points at a person is `person_id` or `*_person_id`, so a table
// another module adds later is covered without touching this file. Sign-in
// codes and staff invitations are found by the person's address or number.
export interface PersonTables {
  [table: string]: Record<string, unknown>[];
}

/** Every (table, column) that points at a person, from the live catalogue. */
export async function personColumns(deps: Deps): Promise<{ table: string; column: string }[]> {
  const rows = await deps.db.rows<{ table_name: string; column_name: string }>(sql`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and (column_name = 'person_id' or column_name like '%\\_person\\_id' escape '\\')
    order by table_name, column_name`);
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

const ident = (s: string) => sql.raw(`"${s.replace(/"/g, '""')}"`);

export async function collectPersonData(deps: Deps, personId: string): Promise<PersonTables> {
  const out: PersonTables = {};
  const [person] = await deps.db.rows<Record<string, unknown>>(sql`select * from persons where id = ${personId}`);
  out.persons = person ? [person] : [];
  for (const { table, column } of await personColumns(deps)) {
    const rows = await deps.db.rows<Record<string, unknown>>(
      sql`select * from ${ident(table)} where ${ident(column)} = ${personId}`,
    );
    out[table] = [...(out[table] ?? []), ...rows];
  }
  const email = (person?.email as string | null) ?? null;
  const phone = (person?.phone as string | null) ?? null;
  const ids = [email, phone].filter((v): v is string => !!v);
  out.sign_in_codes = ids.length
    ? await deps.db.rows(
        sql`select id, channel, identifier, attempts, created_at, expires_at, used_at from sign_in_codes where identifier in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
      )
    : [];
  out.staff_invitations = [
    ...(out.staff_invitations ?? []),
    ...(email ? await deps.db.rows(sql`select * from staff_invitations where email = ${email}`) : []),
  ];
  // Rows found by the person's number or address rather than an id (db/schema/personal.ts).
  out.panel_invitations = ids.length
    ? await deps.db.rows(
        sql`select id, tenant_id, panel_id, channel, name, contact, profile, created_at, accepted_at from panel_invitations where contact in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
      )
    : [];
  const e164 = phone ? parseE164(phone) : null;
  if (e164?.ok) {
    const h = phoneHash(deps.env, e164.value);
    out.sms_outbox = await deps.db.rows(
      sql`select id, tenant_id, body, lang, purpose, status, created_at, sent_at from sms_outbox where to_hash = ${h}`,
    );
    out.sms_inbound = await deps.db.rows(
      sql`select id, tenant_id, to_number, body, handled_as, received_at from sms_inbound where from_hash = ${h}`,
    );
    out.sms_conversations = await deps.db.rows(sql`select * from sms_conversations where phone_hash = ${h}`);
    out.sms_opt_outs = await deps.db.rows(sql`select * from sms_opt_outs where phone_hash = ${h}`);
    for (const r of [...out.sms_conversations, ...out.sms_opt_outs]) delete r.phone_hash;
  }
  // Secrets are never exported: session ids are hashes of the cookie, code hashes guard codes.
  for (const r of out.sessions ?? []) delete r.id;
  for (const r of out.person_identities ?? []) delete r.pid_hash;
  return out;
}

/** One table as CSV (guarded against formula injection: people open these in spreadsheets). */
export function toCsv(rows: Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return writeCsv([cols, ...rows.map((r) => cols.map((c) => r[c]))]);
}

/** The zip: data.json (every table) and <table>.csv for each table. Audited as an export. */
export async function exportPersonData(deps: Deps, personId: string): Promise<Uint8Array> {
  const data = await collectPersonData(deps, personId);
  const mtime = deps.now();
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    "data.json": [
      strToU8(JSON.stringify({ exportedAt: mtime.toISOString(), personId, tables: data }, null, 2)),
      { mtime },
    ],
  };
  for (const [table, rows] of Object.entries(data)) files[`${table}.csv`] = [strToU8(toCsv(rows)), { mtime }];
  await deps.db.db.transaction((tx) =>
    appendAudit(tx, mtime, {
      actorPersonId: personId,
      action: "identity.person.exported",
      subjectType: "person",
      subjectId: personId,
    }),
  );
  return zipSync(files, { level: 6 });
}

/**
 * Deletes a person's personal data: name, contact data, identity links,
 * sessions, roles, resident verifications and codes go; the `persons` row
 * stays as an empty pseudonym so contributions that a process must keep
 * (a counted ballot) stay counted without saying whose they were. The audit
 * log keeps only ids. Every column declared in db/schema/personal.ts
 * (PERSONAL) is treated as declared there: panel pool members and
 * invitations, public names on comments, demographic answers, and the SMS
 * rows to and from the person's number (issue 21). SMS opt-outs stay, as a
 * keyed hash, so the number is never messaged again.
 */
export async function deletePerson(deps: Deps, personId: string): Promise<void> {
  const now = deps.now();
  await deps.db.db.transaction(async (tx) => {
    const [p] = await tx
      .select({ email: persons.email, phone: persons.phone })
      .from(persons)
      .where(eq(persons.id, personId));
    const ids = [p?.email, p?.phone].filter((v): v is string => !!v);
    if (ids.length) await tx.delete(signInCodes).where(inArray(signInCodes.identifier, ids));
    if (p?.email)
      await tx
        .delete(staffInvitations)
        .where(and(eq(staffInvitations.email, p.email), isNull(staffInvitations.acceptedAt)));
    // Identity's own tables: the rows go. Other modules' rows keep pointing at the emptied pseudonym.
    await tx.delete(sessions).where(eq(sessions.personId, personId));
    await tx.delete(personIdentities).where(eq(personIdentities.personId, personId));
    await tx.delete(memberships).where(eq(memberships.personId, personId));
    await tx.delete(residentVerifications).where(eq(residentVerifications.personId, personId));
    await tx
      .update(staffInvitations)
      .set({ acceptedPersonId: null, email: "deleted@invalid" })
      .where(eq(staffInvitations.acceptedPersonId, personId));
    // Other modules' rows that hold personal data (db/schema/personal.ts), through their owners.
    await erasePanelPerson(tx, { personId, email: p?.email ?? null, phone: p?.phone ?? null, now });
    await eraseConsultationPerson(tx, personId);
    const e164 = p?.phone ? parseE164(p.phone) : null;
    if (e164?.ok) await eraseSmsOfNumber(tx, phoneHash(deps.env, e164.value));
    await tx
      .update(persons)
      .set({
        displayName: null,
        email: null,
        emailVerifiedAt: null,
        phone: null,
        phoneVerifiedAt: null,
        eidLevel: null,
        eidVerifiedAt: null,
        locale: null,
        platformOperator: false,
        deletedAt: now,
      })
      .where(eq(persons.id, personId));
    await appendAudit(tx, now, {
      actorPersonId: personId,
      action: "identity.person.deleted",
      subjectType: "person",
      subjectId: personId,
    });
  });
}
