// Reads AsyncAPI documents (file paths as arguments) and prints, as JSON, each one's
// diagnostics from the official parser: [{file, diagnostics: [{severity, code, message, path}]}].
// Severity follows Spectral: 0 error, 1 warning, 2 information, 3 hint.
import { readFile } from "node:fs/promises";
import { Parser } from "@asyncapi/parser";

const parser = new Parser();
const results = [];
for (const file of process.argv.slice(2)) {
  const { diagnostics } = await parser.parse(await readFile(file, "utf8"));
  results.push({
    file,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: String(d.code),
      message: d.message,
      path: d.path.join("."),
    })),
  });
}
process.stdout.write(JSON.stringify(results));
