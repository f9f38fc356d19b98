/** Registers the scalar operators (imported for their side effects). */
import './arithmetic.ts';
import './comparison.ts';
import './strings.ts';
import './membership.ts';
