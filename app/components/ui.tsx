import {
  Field,
  Input,
  Label,
  Textarea,
  ValidationMessage,
  Paragraph,
  type InputProps,
  type TextareaProps,
} from "@digdir/designsystemet-react";
import type { ReactNode } from "react";

// Designsystemet's form fields, wired so they work without JavaScript.
// Designsystemet's own <Textfield> links its label and its messages to the
// input in the browser (the `ds-field` custom element); a page rendered on the
// server and read without JavaScript would have a label that names nothing.
// These wrappers set `for`, `aria-describedby` and `aria-invalid` themselves.
// See docs/decisions/046-designsystemet.md.

interface FieldBits {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  error?: ReactNode;
}

function describedBy(id: string, description: unknown, error: unknown): string | undefined {
  const ids = [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Messages({ id, description, error }: Pick<FieldBits, "id" | "description" | "error">) {
  return (
    <>
      {description ? (
        <Paragraph data-size="sm" id={`${id}-description`} data-field="description">
          {description}
        </Paragraph>
      ) : null}
      {error ? <ValidationMessage id={`${id}-error`}>{error}</ValidationMessage> : null}
    </>
  );
}

/** A labelled text input with an optional description and error message. */
export function TextField({ id, label, description, error, ...input }: FieldBits & Omit<InputProps, "id">) {
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      {description ? (
        <Paragraph data-size="sm" id={`${id}-description`} data-field="description">
          {description}
        </Paragraph>
      ) : null}
      <Input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...input}
      />
      {error ? <ValidationMessage id={`${id}-error`}>{error}</ValidationMessage> : null}
    </Field>
  );
}

/** A labelled textarea with an optional description and error message. */
export function TextAreaField({ id, label, description, error, ...area }: FieldBits & Omit<TextareaProps, "id">) {
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      {description ? (
        <Paragraph data-size="sm" id={`${id}-description`} data-field="description">
          {description}
        </Paragraph>
      ) : null}
      <Textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...area}
      />
      {error ? <ValidationMessage id={`${id}-error`}>{error}</ValidationMessage> : null}
    </Field>
  );
}

/** A checkbox or radio with its label beside it (not on a line above). */
export function ChoiceField({
  id,
  label,
  description,
  error,
  type,
  ...input
}: FieldBits & { type: "checkbox" | "radio" } & Omit<InputProps, "id" | "type">) {
  return (
    <Field>
      <Input
        type={type}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...input}
      />
      <Label htmlFor={id} data-weight="regular">
        {label}
      </Label>
      <Messages id={id} description={description} error={error} />
    </Field>
  );
}
