/** docs/pipelines: the GitHub Actions example on a fresh clone (see pipelines.ts). */
import { pipelineTest } from './pipelines.ts';

pipelineTest('GitHub Actions');
