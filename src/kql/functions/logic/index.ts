import './isempty.ts';
import './isnull.ts';
import './iff.ts';
import './coalesce.ts';
import './case.ts';
import './not.ts';
import './assert.ts';
