import './basic.ts';
import './round.ts';
import './min-max-of.ts';
import './binary.ts';
import './convert-units.ts';
import './special.ts';
import './around.ts';
import './welch-test.ts';
