// Personal data, declared once (issue 21; docs/decisions/063-audit-checkpoints-shared-limits-and-personal-data.md).
// Every column that can hold personal data is listed in PERSONAL with what a
// person's deletion does to it (app/modules/identity/privacy.server.ts
// deletePerson), and every column whose name looks personal but is not is
// listed in NOT_PERSONAL with the reason. tests/unit/personal-registry.test.ts
// walks the drizzle schema and fails on a personal-looking column that is in
// neither; the privacy delete and export tests take their expected lists from
// here. A new module's table with a name, e-mail, phone, address, text … column
// must therefore decide here what it is.

/** What deleting a person does to the column, in that person's rows. */
export type Erasure =
  | "null" // set to NULL
  | "placeholder" // NOT NULL columns: set to a fixed value that says nothing ("", "deleted")
  | "row" // the row itself is deleted
  | "keep-hashed"; // kept as a keyed hash because the law or the person asks (an SMS opt-out must hold)

export const PERSONAL = {
  persons: {
    display_name: "null",
    email: "null",
    email_verified_at: "null",
    phone: "null",
    phone_verified_at: "null",
  },
  person_identities: { pid_hash: "row" },
  staff_invitations: { email: "placeholder" },
  panel_pool_members: { name: "placeholder", email: "null", phone: "null", profile: "placeholder" },
  panel_invitations: { name: "null", contact: "null", profile: "placeholder" },
  sign_in_codes: { identifier: "row" },
  consultation_comments: { public_name: "null", organisation: "null" },
  consultation_participants: { age_band: "null", gender: "null" },
  sms_outbox: { to_enc: "placeholder", to_hash: "placeholder", body: "placeholder" },
  sms_inbound: { from_enc: "placeholder", from_hash: "placeholder", body: "placeholder" },
  sms_conversations: { phone_hash: "placeholder" },
  sms_opt_outs: { phone_hash: "keep-hashed" },
} as const satisfies Record<string, Record<string, Erasure>>;

/** Columns whose names look personal but hold no personal data (or a contribution kept without its author). */
export const NOT_PERSONAL: Record<string, Record<string, string>> = {
  municipality_profiles: {
    display_name: "the municipality's name forms",
    contact_email: "the municipality's public contact address",
    contact_phone: "the municipality's public switchboard",
    a11y_contact: "the municipality's public contact for accessibility",
    privacy_text: "the municipality's privacy notice",
  },
  api_tokens: { name: "the case system's name, set by staff", token_hash: "a keyed hash of a machine credential" },
  sign_in_codes: { code_hash: "a keyed hash of a one-time code" },
  oidc_transactions: { return_to: "a path", browser_hash: "binds a sign-in attempt to its browser for minutes" },
  form_stashes: { browser_hash: "binds a stashed form to its browser for minutes" },
  staff_invitations: { body_ids: "ids" },
  audit_events: { prev_hash: "the chain's hash" },
  consultation_reports: { content_hash: "a report file's hash" },
  bodies: { name: "a political body's name", description: "a political body's description" },
  body_members: { body_id: "an id", name: "an elected representative's public name (public office, not a user)" },
  case_documents: {
    file_name: "a public case document",
    storage_key: "a storage key",
    extracted_text: "a public case document's text",
  },
  case_steps: { body_id: "an id" },
  cases: { decision_text: "a public decision", area_body_id: "an id" },
  consultation_answers: { text: "a contribution, kept; its author is the emptied pseudonym" },
  consultation_comments: {
    body: "a contribution, kept; its author is the emptied pseudonym and the public name is erased",
    moderation_reason: "staff's reason",
  },
  consultation_pins: { comment: "a contribution, kept without its author", moderation_reason: "staff's reason" },
  consultation_supports: { comment_id: "an id" },
  consultations: { body_id: "an id", name_mode: "a setting" },
  content_flags: { comment_id: "an id", reason: "a flag's reason code", note: "a flag's note" },
  council_statements: {
    council_body_id: "an id",
    reason: "a council's reason",
    answered_at: "a time",
    text: "a council's statement",
    answered_by_person_id: "an id (staff)",
  },
  meeting_minutes: { body: "public minutes" },
  meetings: { body_id: "an id" },
  memberships: { body_ids: "ids" },
  moderation_rules: { text: "a moderation rule" },
  municipalities: {
    official_name: "a municipality",
    name: "a municipality",
    name_forms: "a municipality",
    county_name: "a county",
  },
  opinion_statements: { text: "a contribution, kept without its author", moderation_reason: "staff's reason" },
  panel_frames: { file_name: "an uploaded frame's file name" },
  panel_survey_responses: {
    answers: "a panel's survey answers, anonymous (no link to a member)",
    profile: "the strata of an anonymous answer (no link to a member)",
  },
  pb_areas: { name: "an area", body_id: "an id" },
  pb_ballots: { receipt_hash: "an anonymous receipt", replaced_receipts: "anonymous receipts" },
  pb_comments: { body: "a contribution, kept; its author is the emptied pseudonym" },
  pb_paper_ballots: { rejected_reason: "staff's reason" },
  pb_priorities: { description: "a round's text" },
  pb_priority_responses: { age_band: "an anonymous response" },
  pb_proposals: {
    description: "a public proposal",
    place_name: "a place",
    cost_reason: "staff's reason",
    status_reason: "staff's reason",
  },
  pb_rounds: { description: "a round's text" },
  pb_updates: { body: "a public update" },
  processes: { body_id: "an id" },
  sms_campaigns: { name: "a campaign's name", recipients: "a count" },
  sms_inbound: { message_sid: "Twilio's message id" },
};

/** Column names that look personal: the schema walk asks each to be declared. */
export const LOOKS_PERSONAL =
  /name|email|phone|identifier|address|body|text|birth|comment|note|answer|gender|age_band|postcode|postal|pid|national|reason|_enc$|_hash$|contact|organisation|profile/i;
