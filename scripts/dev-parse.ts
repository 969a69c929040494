import { readFileSync } from "node:fs";
import { parseSource } from "../src/parsers/registry.js";
const f = process.argv[2];
const out = await parseSource({ path: f, bytes: readFileSync(f) });
const d = out.document;
console.log(out.parser.name, d.kind, d.issuer, '|', d.title, '|', d.year, '|', d.office, '|', d.signatory, d.actions.length);
for (const s of d.services) { console.log('SVC', JSON.stringify({...s, indicators: undefined, provenance: undefined}).slice(0,300));
 for (const i of s.indicators) console.log('  ', i.dimension.join(','), '|', i.dimension_raw, '|', i.subdimension, '|', i.subdimension_raw, '|', (i.description??'').slice(0,40), '|', (i.formula??'').slice(0,40), '|', i.target_raw, i.target_value, i.target_unit, '|', i.actual_raw, i.actual_value, i.actual_unit, i.placeholder, i.confidence, i.provenance.row ?? i.provenance.line); }
console.log('review', d.review.map(r=>r.kind+':'+r.label));
