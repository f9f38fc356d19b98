/**
 * evaluate geo_line_lookup / geo_polygon_lookup, with the shapes and places of the reference pages' examples
 * (learn.microsoft.com/kusto/query/geo-line-lookup-plugin, geo-polygon-lookup-plugin): Manhattan and Paris polygons,
 * 5th Avenue and Palace Ave lines, landmarks by longitude and latitude.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, Database, KqlError } from '../../src/kql/index.ts';

const engine = createEngine({ tables: [] });
const run = (q: string) => engine.run(q, new Database(), { now: '2026-01-01T00:00:00Z' });

const ROADS = `let roads = datatable(road_name:string, road:dynamic)
[
  "5th Avenue NY", dynamic({"type":"LineString","coordinates":[[-73.97291864770574,40.76428551254824],[-73.99708638113894,40.73145135821781]]}),
  "Palace Ave", dynamic({"type":"LineString","coordinates":[[-0.18756982045002246,51.50245944666557],[-0.18908519740253382,51.50544952706903]]}),
  "null road", dynamic(null)
];`;
const POLYGONS = `let polygons = datatable(polygon_name:string, polygon:dynamic)
[
  "New York", dynamic({"type":"Polygon", "coordinates":[[[-73.97375470114766,40.74300078124614],[-73.98653921014294,40.75486501361894],[-73.99910622331991,40.74112695466084],[-73.97375470114766,40.74300078124614]]]}),
  "Paris", dynamic({"type":"Polygon","coordinates":[[[2.57564669886321,48.769567764921334],[2.420098611499384,49.05163394896812],[2.1016783119165723,48.80113794475062],[2.57564669886321,48.769567764921334]]]}),
];`;
const PLACES = `let locations = datatable(location_name:string, longitude:real, latitude:real)
[
  "Empire State Building", -73.98567337898565, 40.74842629977377,
  "NY National Museum of Mathematics", -73.98778501496217, 40.743565232771545,
  "Eiffel Tower", 2.294489426068907, 48.858263476169185,
  "Statue of Liberty", -74.04462223203123, 40.689195627512674,
  "Kensington Palace", -0.1885272501232862, 51.504906159672316,
  "no coordinates", real(null), real(null)
];`;

describe('geo_line_lookup', () => {
  it('matches points within the radius of a line; unmatched rows only with return_unmatched', () => {
    const matched = run(`${ROADS}${PLACES} locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 100) | project location_name, road_name`);
    // the Museum of Mathematics (11 E 26th St) is a few dozen meters off Fifth Avenue
    expect(matched.rows).toEqual([['Empire State Building', '5th Avenue NY'], ['NY National Museum of Mathematics', '5th Avenue NY'], ['Kensington Palace', 'Palace Ave']]);
    const all = run(`${ROADS}${PLACES} locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 100, return_unmatched = true, return_lookup_key = true)`);
    expect(all.columns.map((c) => c.name)).toEqual(['location_name', 'longitude', 'latitude', 'road_name', 'road']);
    expect(all.rows.map((r) => [r[0], r[3]])).toEqual([
      ['Empire State Building', '5th Avenue NY'], ['NY National Museum of Mathematics', '5th Avenue NY'], ['Eiffel Tower', ''],
      ['Statue of Liberty', ''], ['Kensington Palace', 'Palace Ave'], ['no coordinates', ''],
    ]);
    expect(all.rows[2]![4]).toBeNull();
  });
  it('a larger radius matches more; a radius of 0 only points on the line', () => {
    const wide = run(`${ROADS}${PLACES} locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 20000) | summarize n = count()`);
    expect(wide.rows).toEqual([[4]]);
    expect(run(`${ROADS}${PLACES} locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 0) | count`).rows).toEqual([[0]]);
  });
  it('a lookup key that is not a column of the lookup table is an error', () => {
    expect(() => run(`${ROADS}${PLACES} locations | evaluate geo_line_lookup(roads, nosuch, longitude, latitude, 100)`)).toThrow(KqlError);
  });
});

describe('geo_polygon_lookup', () => {
  it('matches points inside a polygon; with a radius, points within that distance of it', () => {
    const inside = run(`${POLYGONS}${PLACES} locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude) | project location_name, polygon_name`);
    expect(inside.rows).toEqual([['Empire State Building', 'New York'], ['NY National Museum of Mathematics', 'New York'], ['Eiffel Tower', 'Paris']]);
    const near = run(`${POLYGONS}${PLACES} locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude, radius = 7000) | project location_name, polygon_name`);
    expect(near.rows.map((r) => r[0])).toContain('Statue of Liberty');
    expect(near.rows.map((r) => r[0])).not.toContain('Kensington Palace');
  });
  it('return_unmatched keeps the other points with empty lookup columns, positionally too', () => {
    const r = run(`${POLYGONS}${PLACES} locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude, real(null), true) | project location_name, polygon_name`);
    expect(r.rows.length).toBe(6);
    expect(r.rows.find((x) => x[0] === 'Kensington Palace')![1]).toBe('');
  });
});

describe('lookup columns named like input columns', () => {
  it('come out with a number after the name, holding the lookup table\'s values', () => {
    const r = run(`let arena = datatable(id:string, longitude:real, latitude:real)["O2 Arena", 0.003159306017352037, 51.502929224128394]
      | extend buffer = geo_point_buffer(0.003159306017352037, 51.502929224128394, 300, 0.1);
      datatable(name:string, longitude:real, latitude:real)["O2 Entrance", 0.0009625704125020596, 51.50385432770013, "Greenwich Park", 0.0009395106042404677, 51.47700456557013]
      | evaluate geo_polygon_lookup(arena, buffer, longitude, latitude)`);
    expect(r.columns.map((c) => c.name)).toEqual(['name', 'longitude', 'latitude', 'id', 'longitude1', 'latitude1']);
    expect(r.rows).toEqual([['O2 Entrance', 0.0009625704125020596, 51.50385432770013, 'O2 Arena', 0.003159306017352037, 51.502929224128394]]);
    const ip = run(`let L = datatable(net:string, ip:string)["10.0.0.0/8", "lookup-ip"]; datatable(ip:string)["10.1.2.3"] | evaluate ipv4_lookup(L, ip, net)`);
    expect(ip.columns.map((c) => c.name)).toEqual(['ip', 'net', 'ip1']);
    expect(ip.rows).toEqual([['10.1.2.3', '10.0.0.0/8', 'lookup-ip']]);
  });
});
