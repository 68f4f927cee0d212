// The module boundary (docs/ARCHITECTURE.md "The boundary rule"), checked by
// parsing every import in app/routes and app/modules with TypeScript's own
// parser. tests/unit/boundaries.test.ts runs it on the app and on a planted
// fixture that breaks each rule.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/**
 * Which module owns each file in db/schema. A module may import its own
 * tables; any other module reads them through the owner's queries.
 * `political.ts` holds the political structure (bodies, members, meetings,
 * agenda items, cases, their steps and documents, processes), which five
 * small modules share: they are one family and own that file together.
 * `types.ts` holds row types only and may be imported by any module.
 */
export const SCHEMA_OWNERS: Readonly<Record<string, readonly string[]>> = {
  "tenants.ts": ["tenants"],
  "political.ts": ["political", "bodies", "meetings", "cases", "processes"],
  "identity.ts": ["identity"],
  "live.ts": ["live"],
  "budgeting.ts": ["budgeting"],
  "consultations.ts": ["consultations"],
  "panels.ts": ["panels"],
  "follows.ts": ["follows"],
  "sms.ts": ["sms"],
  "opinions.ts": ["opinions"],
  "profiles.ts": ["profile"],
};

export interface Violation {
  /** path relative to the checked root, with forward slashes */
  readonly file: string;
  /** what was imported: a module specifier (routes) or a table name (modules) */
  readonly what: string;
  readonly rule: "route-imports-database" | "module-imports-foreign-table" | "unknown-schema-file";
}

/** `${file} -> ${what}`: the form the allow-list uses. */
export const key = (v: Violation) => `${v.file} -> ${v.what}`;

/** Table name → schema file name, read from db/schema/*.ts (`export const x = pgTable(`). */
export function tableFiles(schemaDir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of readdirSync(schemaDir)) {
    if (!name.endsWith(".ts")) continue;
    const text = readFileSync(join(schemaDir, name), "utf8");
    for (const m of text.matchAll(/^export const (\w+) = pgTable\(/gm)) map.set(m[1]!, name);
  }
  return map;
}

interface ImportFact {
  readonly spec: string;
  /** imported names (original names, before `as`); "*" for a namespace import */
  readonly names: readonly string[];
}

/** Every static import, re-export and dynamic import() in one source text. */
export function importsOf(fileName: string, text: string): ImportFact[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: ImportFact[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const names: string[] = [];
      const clause = node.importClause;
      if (clause?.name) names.push("default");
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) names.push("*");
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) names.push((el.propertyName ?? el.name).text);
      out.push({ spec: node.moduleSpecifier.text, names });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const names: string[] = [];
      const ec = node.exportClause;
      if (!ec || ts.isNamespaceExport(ec)) names.push("*");
      else for (const el of ec.elements) names.push((el.propertyName ?? el.name).text);
      out.push({ spec: node.moduleSpecifier.text, names });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push({ spec: node.arguments[0].text, names: ["*"] });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** The db/schema file a specifier points at ("index.ts" for the barrel), or null. */
function schemaTarget(spec: string, fromFile: string, root: string): string | null {
  let rest: string | null = null;
  if (spec === "#db/schema" || spec.startsWith("#db/schema/")) rest = spec.slice("#db/schema".length);
  else if (spec.startsWith(".")) {
    const abs = resolve(fromFile, "..", spec);
    const schemaAbs = resolve(root, "db", "schema");
    if (abs === schemaAbs || abs.startsWith(schemaAbs + sep)) rest = abs.slice(schemaAbs.length).split(sep).join("/");
  }
  if (rest === null) return null;
  const file = rest.replace(/^\//, "") || "index.ts";
  return file.endsWith(".ts") ? file : `${file}.ts`;
}

/**
 * Check every .ts/.tsx file under `<root>/app/routes` and `<root>/app/modules`.
 * `schemaDir` is the real db/schema (the fixture has none of its own).
 */
export function checkBoundaries(root: string, schemaDir: string): Violation[] {
  const tables = tableFiles(schemaDir);
  const violations: Violation[] = [];
  const rel = (p: string) => relative(root, p).split(sep).join("/");

  for (const file of walk(join(root, "app", "routes"))) {
    for (const imp of importsOf(file, readFileSync(file, "utf8"))) {
      const db = imp.spec === "drizzle-orm" || imp.spec.startsWith("drizzle-orm/");
      if (db || schemaTarget(imp.spec, file, root) !== null)
        violations.push({ file: rel(file), what: imp.spec, rule: "route-imports-database" });
    }
  }

  for (const file of walk(join(root, "app", "modules"))) {
    const owner = rel(file).split("/")[2]!;
    for (const imp of importsOf(file, readFileSync(file, "utf8"))) {
      const target = schemaTarget(imp.spec, file, root);
      if (target === null || target === "types.ts") continue;
      if (target !== "index.ts" && !SCHEMA_OWNERS[target]) {
        violations.push({ file: rel(file), what: imp.spec, rule: "unknown-schema-file" });
        continue;
      }
      for (const name of imp.names) {
        // A namespace import of the barrel or of another module's file reaches every table in it.
        const reached =
          name === "*"
            ? [...tables].filter(([, f]) => target === "index.ts" || f === target).map(([t]) => t)
            : tables.has(name)
              ? [name]
              : [];
        for (const table of reached) {
          const owners = SCHEMA_OWNERS[tables.get(table)!] ?? [];
          if (!owners.includes(owner))
            violations.push({ file: rel(file), what: table, rule: "module-imports-foreign-table" });
        }
      }
    }
  }
  return violations;
}
