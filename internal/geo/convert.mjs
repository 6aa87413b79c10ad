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

// unwrap draws a ring that crosses the antimeridian on a flat map without
// a line across the world: a ring that crosses it twice (Russia's
// Chukotka, Fiji) continues east past 180°; a ring that crosses it once
// encloses a pole (Antarctica), and runs along the map's edge to the pole
// and back. The shapes on the globe are the same; only how a flat map
// draws them changes.
function unwrap(ring) {
  const jumps = [];
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) jumps.push(i);
  if (jumps.length === 0) return ring;
  if (jumps.length % 2 === 0) return ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]);
  const i = jumps[0];
  const pole = ring[i][1] < 0 ? -90 : 90;
  return [...ring.slice(0, i), [ring[i - 1][0], pole], [ring[i][0], pole], ...ring.slice(i)];
}

function unwrapGeometry(g) {
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(unwrap) };
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(unwrap)) };
}

const byNumeric = new Map(iso31661.map((c) => [c.numeric, c.alpha2]));
const subByName = new Map(iso31662.filter((s) => s.parent === 'US').map((s) => [s.name, s.code]));

function convert(topo, object, digits, flip, codeOf, flat) {
  const fc = feature(topo, topo.objects[object]);
  const feats = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const code = codeOf(f);
    // A shape without a code keeps the atlas's name: it is drawn, never
    // coloured, and no code can name it.
    feats.push({ type: 'Feature', properties: { name: code || f.properties.name, atlas: f.properties.name }, geometry: flat(round(f.geometry, digits, flip)) });
  }
  feats.sort((a, b) => (a.properties.name < b.properties.name ? -1 : a.properties.name > b.properties.name ? 1 : 0));
  return { type: 'FeatureCollection', features: feats };
}

const world = convert(read('world-atlas/countries-110m.json'), 'countries', 1, false, (f) => byNumeric.get(f.id) || '', unwrapGeometry);
const us = convert(read('us-atlas/states-albers-10m.json'), 'states', 0, true, (f) => {
  const c = subByName.get(f.properties.name);
  if (!c) throw new Error('no ISO 3166-2 code for the state ' + f.properties.name);
  return c;
}, (g) => g);
writeFileSync(`${out}/world.json`, JSON.stringify(world) + '\n');
writeFileSync(`${out}/us-states.json`, JSON.stringify(us) + '\n');
// codes.tsv: every ISO 3166-1 alpha-2 and 3166-2 code with its name, one a
// line, sorted: what a recognition's code is checked against. update-geo.sh
// keeps it gzip-compressed, as the boundaries.
const rows = [];
for (const c of iso31661) rows.push(`${c.alpha2}\t${c.name}`);
for (const s of iso31662) rows.push(`${s.code}\t${s.name}`);
rows.sort();
writeFileSync(`${out}/codes.tsv`, rows.join('\n') + '\n');
