// Comments on a consultation page come 50 threads at a time, oldest first (the
// discussion's own order), each thread with all its replies; `?comments=N`
// picks a page and `?comments=all` shows every comment (used after one's own
// action, so the comment acted on is always on the page). A long page is slow
// to render and hard to move through with a screen reader; the count in the
// heading is always the total.
export const COMMENTS_PER_PAGE = 50;

export interface CommentPage<T> {
  shown: T[];
  page: number;
  pages: number;
  all: boolean;
}

export function commentPage<T extends { id: string; parentId: string | null }>(
  comments: readonly T[],
  raw: string | null,
  per = COMMENTS_PER_PAGE,
): CommentPage<T> {
  const top = comments.filter((c) => !c.parentId);
  const pages = Math.max(1, Math.ceil(top.length / per));
  if (raw === "all" || pages === 1) return { shown: [...comments], page: 1, pages, all: raw === "all" && pages > 1 };
  const n = Number.parseInt(raw ?? "1", 10);
  const page = Number.isFinite(n) ? Math.min(Math.max(n, 1), pages) : 1;
  const ids = new Set(top.slice((page - 1) * per, page * per).map((c) => c.id));
  return { shown: comments.filter((c) => ids.has(c.parentId ?? c.id)), page, pages, all: false };
}
