/**
 * assert(condition, message): true when the condition holds; otherwise the query fails with
 * "assert() has failed with message: '<message>'". As in Kusto the arguments must be constants (the check happens
 * when the query is analysed, so it fails even when no row reaches it): the call site is checked when compiled.
 */
import { defineScalar } from '../registry.ts';
import { KqlError } from '../../engine-api.ts';

defineScalar((F) => F.Assert, (site) => {
  const [condition, message] = site.constants;
  if (condition === undefined || message === undefined) {
    throw new KqlError('KQL_RUNTIME', 'assert(): the condition and the message must be constants (they cannot depend on a row)');
  }
  if (condition !== true) throw new KqlError('KQL_RUNTIME', `assert() has failed with message: '${String(message ?? '')}'`);
  return () => true;
});
