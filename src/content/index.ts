/**
 * The content model: analytic rules and workspace functions loaded from YAML with source positions, table
 * schemas, and validation. Knows nothing of deployment targets.
 */
export type * from './types.ts';
export { loadContent, loadContentFile, findContentFiles, displayPath } from './load.ts';
export { toFunctionDefinition, defaultLiteral } from './workspace-function.ts';
export { contentSchemaDirs, loadSchemaSet, loadTableSchemas, PROJECT_SCHEMA_DIR, type SchemaSet } from './schemas.ts';
export { parseDuration, formatDuration } from './duration.ts';
export { readYamlSource, type YamlSource } from './yaml-source.ts';
export { readChangelog, changelogPath, compareVersions, stampRelease, type ChangelogEntry, type RuleChangelog } from './changelog.ts';
export {
  validateContent, validateRule, validateFunction, checkAgainstBase, readAtRef, BaseRefError, placeholders, MAX_PLACEHOLDERS,
  ENTITY_TYPES, TACTICS, tacticsOfTechnique, didYouMean, type ValidateOptions,
} from './validate/index.ts';
