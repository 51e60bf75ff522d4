// Test helper: parse GIFT from stdin with gift-pegjs (an independent parser) and print the result as JSON.
import { parse } from "gift-pegjs";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");
try {
  process.stdout.write(JSON.stringify(parse(text)));
} catch (err) {
  const where = err.location ? ` at line ${err.location.start.line}, column ${err.location.start.column}` : "";
  process.stderr.write(`GIFT parse error${where}: ${err.message}\n`);
  process.exit(1);
}
