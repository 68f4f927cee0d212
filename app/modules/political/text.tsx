import { useTranslation } from "react-i18next";
import { dirOf, isLocale } from "#app/lib/i18n.ts";

export type PickedText = { value: string; lang: string } | null;

/** Staff-written text, marked with its language when it is a fallback (WCAG 3.1.2). */
export function LocalText({ text, fallback = "" }: { text: PickedText; fallback?: string }) {
  const { i18n } = useTranslation();
  if (!text) return <>{fallback}</>;
  // A fallback in another language is also isolated in its own direction, so Norwegian text on
  // an Arabic page keeps its punctuation on the right side (issue 17).
  return text.lang === i18n.language ? (
    <>{text.value}</>
  ) : (
    <span lang={text.lang} dir={isLocale(text.lang) ? dirOf(text.lang) : "auto"}>
      {text.value}
    </span>
  );
}
