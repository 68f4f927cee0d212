// A plain form's error tied to its field (WCAG 3.3.1): the message under the
// field, announced (role="alert"), and the field marked invalid and described
// by it. `reply` is what the route's action returned after a refused post.
export interface FieldReply {
  readonly code: string;
  readonly field?: string | null;
  readonly params?: Record<string, string | number>;
}

export function fieldErrors(
  reply: FieldReply | undefined,
  t: (code: string, params?: Record<string, string | number>) => string,
) {
  return {
    err: (field: string) =>
      reply?.field === field ? (
        <p id={`${field}-error`} className="field-error" role="alert">
          {t(reply.code, reply.params)}
        </p>
      ) : null,
    aria: (field: string) =>
      reply?.field === field ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {},
  };
}
