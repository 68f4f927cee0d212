import { useTranslation } from "react-i18next";
import {
  GROUP_COLOURS,
  GROUP_SHAPES,
  MAP_SIZE,
  markRadius,
  UNGROUPED_COLOUR,
  type Dot,
  type Shape,
} from "../present.ts";

// The opinion map: a server-rendered SVG (readable without JavaScript) with the accessible table
// of group sizes beside it. Each group has its own colour and shape.
const colour = (g: number) => (g < 0 ? UNGROUPED_COLOUR : GROUP_COLOURS[g % GROUP_COLOURS.length]!);
const shape = (g: number): Shape | "small" => (g < 0 ? "small" : GROUP_SHAPES[g % GROUP_SHAPES.length]!);

export function Mark({ x, y, group, r = 5 }: { x: number; y: number; group: number; r?: number }) {
  const fill = colour(group);
  switch (shape(group)) {
    case "square":
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={fill} />;
    case "diamond":
      return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`} fill={fill} />;
    case "triangle":
      return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`} fill={fill} />;
    case "ring":
      return <circle cx={x} cy={y} r={r - 1} fill="none" stroke={fill} strokeWidth={2.5} />;
    case "small":
      return <circle cx={x} cy={y} r={r - 2} fill={fill} />;
    default:
      return <circle cx={x} cy={y} r={r} fill={fill} />;
  }
}

export function Swatch({ group }: { group: number }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <Mark x={8} y={8} group={group} r={6} />
    </svg>
  );
}

export function OpinionMap({
  dots,
  groups,
  ungrouped,
  hasUngrouped,
}: {
  dots: (Dot & { n: number })[];
  groups: { name: string; size: string }[];
  ungrouped: string;
  hasUngrouped: boolean;
}) {
  const { t } = useTranslation("opinions");
  return (
    <div className="opinion-map">
      <figure>
        <svg
          viewBox={`0 0 ${MAP_SIZE} ${MAP_SIZE}`}
          width="100%"
          style={{ maxWidth: MAP_SIZE, background: "#ffffff", border: "1px solid #5f6368" }}
          role="img"
          aria-labelledby="opinion-map-title opinion-map-desc"
        >
          <title id="opinion-map-title">{t("results.mapTitle")}</title>
          <desc id="opinion-map-desc">{t("results.mapDesc")}</desc>
          {dots.map((d, i) => (
            <Mark key={i} x={d.x} y={d.y} group={d.group} r={markRadius(d.n)} />
          ))}
        </svg>
        <figcaption className="muted">
          {t("results.mapDesc")} {t("results.mapStacked")}
        </figcaption>
      </figure>
      <table>
        <caption>{t("results.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("results.groupLabel")}</th>
            <th scope="col">{t("results.size")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={g.name}>
              <th scope="row">
                <Swatch group={i} /> {t("results.group", { name: g.name })}
              </th>
              <td>{g.size}</td>
            </tr>
          ))}
          {hasUngrouped ? (
            <tr>
              <th scope="row">
                <Swatch group={-1} /> {t("results.ungrouped")}
              </th>
              <td>{ungrouped}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
