/** docs/pipelines: the Azure DevOps example on a fresh clone (see pipelines.ts). */
import { pipelineTest } from './pipelines.ts';

pipelineTest('Azure DevOps');
