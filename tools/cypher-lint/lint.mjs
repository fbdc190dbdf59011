// Lint .cypher files with Neo4j's own Cypher parser and semantic analysis
// (@neo4j-cypher/language-support), the one Neo4j check that runs without Docker.
//
// Usage: node lint.mjs '["cypher/a.cypher", "cypher/b.neo4j.cypher"]'
//        node lint.mjs cypher/a.cypher cypher/b.neo4j.cypher
//        node lint.mjs --stdin < '[{"path": "cypher/a.cypher", "text": "..."}]'
//          (the text Neo4j runs for each file, when it is not the file's own: see app/queries.py)
// Prints one JSON line per file, in argument order:
//   {"path": ..., "errors": [{"message", "line", "column"}], "warnings": [...]}
// with 1-based line and column. Exit status: 0 clean, 1 some file has an error, 2 usage.
// Give it Neo4j-dialect and portable files only: FalkorDB files use procedures Neo4j lacks.

import { readFileSync } from 'node:fs';
import {
  isNotParamError,
  lintCypherQuery,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5'; // Neo4j 5.26 LTS (docker-compose.yml) speaks Cypher 5 only

// Without a registry the linter checks no procedure or function names at all. The package ships
// the registry of a real Neo4j server as test data; keep Neo4j's own built-ins and drop the
// APOC/GDS plugins, which the compose image does not install. This is what turns a FalkorDB-only
// call (db.idx.fulltext.queryNodes, algo.SPpaths, db.indexes) in a portable file into an error.
function builtinRegistries() {
  const mock = testData?.mockSchema;
  const procedures = mock?.procedures?.[CYPHER_VERSION];
  const functions = mock?.functions?.[CYPHER_VERSION];
  if (!procedures || !functions) {
    // Fail loudly rather than silently stop checking names after an upgrade.
    throw new Error('@neo4j-cypher/language-support no longer ships testData.mockSchema registries');
  }
  const plugin = (name) => /^(apoc|gds)\./.test(name);
  return {
    procedures: Object.fromEntries(Object.entries(procedures).filter(([name]) => !plugin(name))),
    functions: Object.fromEntries(Object.entries(functions).filter(([, fn]) => fn.isBuiltIn)),
  };
}

const { procedures, functions } = builtinRegistries();

const SCHEMA = {
  defaultLanguage: CYPHER_VERSION,
  procedures: { [CYPHER_VERSION]: procedures },
  functions: { [CYPHER_VERSION]: functions },
  // The graph model of DESIGN.md section 1: a misspelt label or type becomes a warning.
  labels: ['Researcher', 'Paper', 'Topic', 'Institution'],
  relationshipTypes: ['AUTHORED', 'ABOUT', 'AFFILIATED_WITH', 'COLLABORATES_WITH', 'CITES'],
  // No propertyKeys: an empty database has none, and every property would warn.
};

const ERROR = 1; // LSP DiagnosticSeverity.Error; Warning, Information and Hint count as warnings

function diagnostic(message, line = 1, column = 1) {
  return { message, line, column };
}

function lintText(text) {
  const errors = [];
  const warnings = [];
  // The driver runs one statement per call, so a file holds exactly one.
  const statements = parseStatementsStrs(text).length;
  if (statements === 0) errors.push(diagnostic('no Cypher statement in the file'));
  if (statements > 1) errors.push(diagnostic(`${statements} statements; a .cypher file holds exactly one`));

  // consoleCommandsEnabled: false, since ':param' and friends exist only in Neo4j's shells.
  const { diagnostics } = lintCypherQuery(text, SCHEMA, { consoleCommandsEnabled: false });
  for (const d of diagnostics) {
    // Parameters come from the caller at run time; the linter cannot know them.
    if (!isNotParamError(d)) continue;
    const entry = diagnostic(d.message, d.range.start.line + 1, d.range.start.character + 1);
    (d.severity === ERROR ? errors : warnings).push(entry);
  }
  return { errors, warnings };
}

function pathsFromArgs(args) {
  if (args.length === 1 && args[0].trimStart().startsWith('[')) return JSON.parse(args[0]);
  return args;
}

// [{path, text}]: the texts given on stdin, or each path's file read in turn.
function sourcesFromArgs(args) {
  if (args.length === 1 && args[0] === '--stdin') return JSON.parse(readFileSync(0, 'utf8'));
  return pathsFromArgs(args).map((path) => ({ path, text: null }));
}

function main() {
  const sources = sourcesFromArgs(process.argv.slice(2));
  if (sources.length === 0) {
    process.stderr.write("usage: node lint.mjs '[\"a.cypher\", ...]' | a.cypher ... | --stdin\n");
    return 2;
  }
  let failed = false;
  for (const { path, text } of sources) {
    let result;
    try {
      result = lintText(text ?? readFileSync(path, 'utf8'));
    } catch (err) {
      // An unreadable file is that file's error; the others are still linted.
      result = { errors: [diagnostic(`cannot lint: ${err.message}`)], warnings: [] };
    }
    failed ||= result.errors.length > 0;
    process.stdout.write(JSON.stringify({ path, ...result }) + '\n');
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
