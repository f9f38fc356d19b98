import './tostring.ts';
import './todatetime.ts';
import './tolong.ts';
import './to-other.ts';
import './estimate-data-size.ts';
