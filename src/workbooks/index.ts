/**
 * Workbooks: YAML sources compiled to Sentinel gallery templates (Notebook/1.0), checked as the upstream CIs
 * check them, their KQL linted and replayed on local data, and previewed as a self-contained HTML page.
 */
export type {
  WorkbookSource, WorkbookParameter, WorkbookStep, QueryStep, TextStep, GroupStep, Visualization,
  VisualizationColumns, WorkbookProblem, SourcePosition, QueryPosition,
} from './model.ts';
export { queryStepsOf, allStepsOf } from './model.ts';
export { parseWorkbookSource } from './source.ts';
export { compileWorkbook, serializeWorkbook, stableGuid, type GalleryTemplate, type GalleryItem } from './compile.ts';
export { validateGalleryTemplate } from './validate.ts';
export { buildMetadataEntry, validateMetadataEntries, templateFileName, serializeMetadataFile, type WorkbookMetadataEntry } from './metadata.ts';
export { loadWorkbooks, loadWorkbookFile, buildWorkbook, loadPackRules, workbookSourceFiles, type CompiledWorkbook, type LoadWorkbooksResult, type LoadWorkbooksOptions } from './load.ts';
export { expandMacros, packRulesFrom, packRulesTable, type PackRule, type MacroContext } from './macros.ts';
export { parameterReferences, substituteParameters, type StandInValues } from './parameters.ts';
export { workbookQueries, type WorkbookQuery } from './kql.ts';
export { lintWorkbooks, lintWorkbookQuery, projectBindingContext, type LintWorkbooksOptions, type BindingContext } from './lint.ts';
export { runWorkbook, runWorkbookQuery, dataTimeRange, type WorkbookRun, type QueryRun, type WorkbookRunOptions } from './replay.ts';
export { renderWorkbookPage, type PageOptions } from './preview/page.ts';
export { renderMarkdown, escapeHtml } from './preview/markdown.ts';
export { previewWorkbook, loadPreviewData, dataDirectoriesUnder, PreviewError, type PreviewOptions, type PreviewResult } from './preview/preview.ts';
export { writePreviewImages, findBrowser, schemeOf, type PreviewImagesOptions } from './preview/images.ts';
