export { formatHuman, type HumanOptions } from './human.ts';
export { formatJson } from './json.ts';
export { formatSarif, type SarifOptions } from './sarif.ts';
export { formatGithub } from './github.ts';
