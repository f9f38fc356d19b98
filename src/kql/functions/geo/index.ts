import './measure.ts';
import './geohash.ts';
import './h3.ts';
import './lines.ts';
import './wkt.ts';
import './s2.ts';
