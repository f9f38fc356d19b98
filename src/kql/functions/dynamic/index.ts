import './parse-json.ts';
import './bags.ts';
import './arrays.ts';
import './sets.ts';
import './extract-json.ts';
import './parse-xml.ts';
import './treepath.ts';
