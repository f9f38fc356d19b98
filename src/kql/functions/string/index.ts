import './strcat.ts';
import './case.ts';
