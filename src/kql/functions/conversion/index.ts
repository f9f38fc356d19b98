import './tostring.ts';
import './todatetime.ts';
import './tolong.ts';
