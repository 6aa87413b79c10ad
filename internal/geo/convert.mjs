// Converts the pinned boundary packages into what dashgen embeds (run by
// update-geo.sh, never by the build): GeoJSON with rounded coordinates,
// each shape named by its ISO 3166 code, and the table of codes and names
// the data is checked against. No shape is added, removed or redrawn.
import { readFileSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import { iso31661 } from 'iso-3166/1.js';
import { iso31662 } from 'iso-3166/2.js';

const [nm, out] = process.argv.slice(2);
const read = (p) => JSON.parse(readFileSync(`${nm}/${p}`, 'utf8'));

// round rounds every coordinate to digits decimals; flip negates y (a
// projected map's y runs down, ECharts' latitude up).
function round(geom, digits, flip) {
  const f = 10 ** digits;
  const pt = ([x, y]) => [Math.round(x * f) / f, Math.round((flip ? -y : y) * f) / f];
  const ring = (r) => {
    const o = [];
    for (const p of r.map(pt)) {
      const l = o[o.length - 1];
      if (!l || l[0] !== p[0] || l[1] !== p[1]) o.push(p);
    }
    return o;
  };
  if (geom.type === 'Polygon') return { type: 'Polygon', coordinates: geom.coordinates.map(ring) };
  if (geom.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geom.coordinates.map((p) => p.map(ring)) };
  throw new Error('unexpected geometry ' + geom.type);
}

const byNumeric = new Map(iso31661.map((c) => [c.numeric, c.alpha2]));
const subByName = new Map(iso31662.filter((s) => s.parent === 'US').map((s) => [s.name, s.code]));

function convert(topo, object, digits, flip, codeOf) {
  const fc = feature(topo, topo.objects[object]);
  const feats = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const code = codeOf(f);
    // A shape without a code keeps the atlas's name: it is drawn, never
    // coloured, and no code can name it.
    feats.push({ type: 'Feature', properties: { name: code || f.properties.name, atlas: f.properties.name }, geometry: round(f.geometry, digits, flip) });
  }
  feats.sort((a, b) => (a.properties.name < b.properties.name ? -1 : a.properties.name > b.properties.name ? 1 : 0));
  return { type: 'FeatureCollection', features: feats };
}

const world = convert(read('world-atlas/countries-110m.json'), 'countries', 1, false, (f) => byNumeric.get(f.id) || '');
const us = convert(read('us-atlas/states-albers-10m.json'), 'states', 0, true, (f) => {
  const c = subByName.get(f.properties.name);
  if (!c) throw new Error('no ISO 3166-2 code for the state ' + f.properties.name);
  return c;
});
writeFileSync(`${out}/world.json`, JSON.stringify(world) + '\n');
writeFileSync(`${out}/us-states.json`, JSON.stringify(us) + '\n');
// codes.tsv: every ISO 3166-1 alpha-2 and 3166-2 code with its name, one a
// line, sorted: what a recognition's code is checked against.
const rows = [];
for (const c of iso31661) rows.push(`${c.alpha2}\t${c.name}`);
for (const s of iso31662) rows.push(`${s.code}\t${s.name}`);
rows.sort();
writeFileSync(`${out}/codes.tsv`, rows.join('\n') + '\n');
