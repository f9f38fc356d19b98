/**
 * Every finding code the linter can emit besides Kusto's own KSnnn codes, with a one-line description. Used for
 * SARIF rule metadata, `content lint --list-codes`, and did-you-mean on unknown codes in the lint config.
 */
import { QUERY_CHECKS } from './checks/index.ts';

const STRUCTURAL: Record<string, string> = {
  'file-empty': 'The file is empty.',
  'file-not-text': 'The file is binary or not UTF-8.',
  'file-too-large': 'The file exceeds the size limit for a content file.',
  'file-unreadable': 'The file could not be read.',
  'file-not-mapping': 'The top level of the file is not a mapping of fields.',
  'path-not-found': 'A path given on the command line does not exist.',
  'yaml-syntax': 'YAML syntax error.',
  'yaml-duplicate-key': 'The same key appears twice in a mapping.',
  'yaml-tab-indent': 'A tab is used for indentation.',
  'yaml-multiple-documents': 'More than one YAML document in a content file.',
  'yaml-alias-limit': 'YAML aliases expand beyond the limit (alias bomb).',
  'schema-invalid': 'A table or function schema file is invalid.',
  'schema-dir-missing': 'A schema directory does not exist.',
  'config-invalid': 'The lint configuration is invalid.',
  'lint-internal': 'The linter failed on this file; the other files were still linted.',
  'fix-write-failed': 'content lint --fix could not read or write the file; the other files were still fixed.',
};

const RULE: Record<string, string> = {
  'rule-required-field': 'A required field is missing.',
  'rule-unknown-field': 'A field the rule format does not define (likely a typo).',
  'rule-type': 'A field has the wrong type.',
  'rule-enum': 'A field has a value outside its allowed set.',
  'rule-format': 'A field does not match its required format.',
  'rule-length': 'A string field is empty or too long.',
  'rule-range': 'A number is out of range.',
  'rule-count': 'A list or map has too few or too many entries.',
  'rule-duplicate-item': 'A list has a duplicate entry.',
  'rule-id-format': 'The id is not a GUID.',
  'rule-id-duplicate': 'Two rules share an id.',
  'rule-id-changed': 'The id changed against the git base.',
  'rule-version-format': 'The version is not X.Y.Z.',
  'rule-version-missing': 'The rule has no version.',
  'rule-version-not-bumped': 'The query or logic changed against the git base but the version was not bumped.',
  'rule-changelog-missing': 'Against the git base, a new or changed rule has no changelog (<rule>.changelog.yaml).',
  'rule-changelog-version': "The rule's version is not the newest entry of its changelog.",
  'changelog-format': 'A rule changelog is not a list of entries with version, date and changes.',
  'changelog-order': 'Changelog entries are not newest first with strictly decreasing versions.',
  'rule-version-decreased': 'The version is lower than at the git base.',
  'rule-query-length': 'The query is empty or longer than 10000 characters.',
  'rule-duration-format': 'A duration is not written as 5m, 1h, 1d (or TimeSpan / ISO 8601).',
  'rule-frequency-range': 'queryFrequency is outside 5m..14d.',
  'rule-period-range': 'queryPeriod is outside 5m..14d.',
  'rule-period-shorter-than-frequency': 'queryPeriod is shorter than queryFrequency.',
  'rule-long-period-frequency': 'A queryPeriod of 2 days or more needs queryFrequency of at least 1h.',
  'rule-nrt-schedule-ignored': 'An NRT rule carries schedule fields that have no effect.',
  'rule-trigger-threshold': 'triggerThreshold is outside 0..10000.',
  'rule-tactic-unknown': 'A tactic is not in the Sentinel tactics list.',
  'rule-technique-format': 'A technique id is not T#### or T####.###.',
  'rule-technique-unknown': 'A technique is not in the Sentinel technique-to-tactic map.',
  'rule-technique-tactic-missing': "A technique's tactics are not all listed in tactics.",
  'rule-entity-count': 'entityMappings has too few or too many entries (1..10).',
  'rule-entity-field-count': 'An entity mapping has too few or too many fieldMappings (1..3).',
  'rule-entity-type': 'An entity type is not a Sentinel entity type.',
  'rule-entity-identifier': 'An identifier is not valid for its entity type.',
  'rule-entity-duplicate-identifier': 'An identifier is mapped twice in one entity mapping.',
  'rule-entity-required-identifier': 'An entity mapping lacks the identifiers that identify the entity.',
  'rule-legacy-entity-column': 'The query produces a legacy *CustomEntity column that no entity mapping uses.',
  'rule-column-name': 'A column reference is not a valid column name.',
  'rule-custom-details': 'customDetails has more than 20 entries.',
  'rule-custom-details-key': 'A customDetails key is not a valid key.',
  'rule-placeholder-count': 'An alert format has more than 3 {{column}} placeholders.',
  'rule-column-missing': 'A column named in entityMappings, customDetails or alertDetailsOverride is not in the query output.',
  'rule-column-type': "A column named by the rule has a type that cannot serve that use.",
  'rule-incident-lookback-range': 'incidentConfiguration lookbackDuration is outside 5m..7d.',
  'rule-incident-grouping-selection': 'matchingMethod Selected without anything to group by.',
  'rule-incident-entity-unmapped': 'groupByEntities names an entity type the rule does not map.',
  'rule-incident-custom-detail-unknown': 'groupByCustomDetails names a key that is not in customDetails.',
  'rule-suppression-duration': 'suppressionEnabled without suppressionDuration.',
  'rule-suppression-range': 'suppressionDuration is outside 5m..24h.',
  'rule-suppression-shorter-than-frequency': 'suppressionDuration is shorter than queryFrequency.',
};

const FUNCTION: Record<string, string> = {
  'function-required-field': 'A required field of a workspace function is missing.',
  'function-unknown-field': 'A field the parser format does not define (likely a typo).',
  'function-type': 'A field has the wrong type.',
  'function-enum': 'A field has a value outside its allowed set.',
  'function-format': 'A field does not match its required format.',
  'function-length': 'A string field is empty.',
  'function-count': 'A list has too few or too many entries.',
  'function-duplicate-item': 'A list has a duplicate entry.',
  'function-id-format': 'The id is not a GUID.',
  'function-name': 'FunctionName or FunctionAlias is not a KQL identifier.',
  'function-version-format': 'Function.Version is not X.Y.Z.',
  'function-duplicate-name': 'Two workspace functions share a name.',
  'function-not-tabular': 'The function body does not return a table.',
};

/** Rule test files (`*.test.yaml`), as `content test` reads them (docs/testing.md). */
const TEST_FILE: Record<string, string> = {
  'test-yaml-syntax': 'YAML syntax error in a rule test file.',
  'test-schema': 'A rule test file does not match the test-file format (unknown field, wrong value or shape).',
  'test-read': 'A rule test file could not be read.',
  'test-no-time': 'A test case has neither "now" nor "schedule".',
  'test-time': 'A test case time is not valid, or its schedule ends before it starts.',
  'test-duplicate-case': 'Two cases of a test file share a name.',
  'test-no-data': 'A test case has neither data files nor inline rows.',
  'test-ingestion-delay': 'A test case ingestionDelay is not a duration.',
  'test-variant-unknown': 'A declined variant is not in the variant catalogue.',
  'test-unknown-table': 'Inline rows are given for a table that has no schema.',
  'test-unknown-column': 'Test data has a column the table schema does not have (it is dropped, so the case does not test it).',
};

const DEFENDER: Record<string, string> = {
  'defender-eligible': 'The rule can be a Defender XDR custom detection (content deploy --targets defender).',
  'defender-not-eligible': 'The rule cannot be a Defender XDR custom detection, and why (one finding per reason).',
};

const REPLAY: Record<string, string> = {
  'replay-ok': 'The local engine can replay this query.',
  'replay-unsupported': 'The query uses operators or functions the local engine does not implement.',
};

export const CODE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ...STRUCTURAL, ...RULE, ...FUNCTION, ...TEST_FILE, ...REPLAY, ...DEFENDER,
  ...Object.fromEntries(QUERY_CHECKS.map((c) => [c.id, c.description])),
};

export const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(CODE_DESCRIPTIONS));
