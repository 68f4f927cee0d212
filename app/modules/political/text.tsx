import { useTranslation } from "react-i18next";

export type PickedText = { value: string; lang: string } | null;

/** Staff-written text, marked with its language when it is a fallback (WCAG 3.1.2). */
export function LocalText({ text, fallback = "" }: { text: PickedText; fallback?: string }) {
  const { i18n } = useTranslation();
  if (!text) return <>{fallback}</>;
  return text.lang === i18n.language ? <>{text.value}</> : <span lang={text.lang}>{text.value}</span>;
}
