/**
 * Sample logs: the Contoso estate, Managed HSM events in both table shapes, AzureActivity/SigninLogs/threat
 * intelligence rows, the attack scenarios per rule area, the seeded benign baseline and bulk volumes.
 */
export * from './environment.ts';
export { stableGuid, toAzureDiagnostics, toAzkvAuditLogs, type HsmEvent } from './hsm-records.ts';
export { toAzureActivity, toSigninLogs, toThreatIntelligenceIndicator, type ActivityEvent, type SigninEvent, type IndicatorEvent } from './azure-records.ts';
export { at, spread, type Scenario } from './scenario.ts';
export { SCENARIOS } from './scenarios/index.ts';
export { scenarioTables, writeScenarios, writeTables, toJsonLines, type TableRows } from './write.ts';
export { generateBaseline, type BaselineOptions, type BaselineTables } from './baseline.ts';
export { generateVolume, type VolumeOptions } from './volume.ts';
export { Random } from './random.ts';
