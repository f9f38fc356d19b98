/** JSON schema of a workbook source file (`workbooks/*.yaml`); docs/workbooks.md describes each field. */

const duration = { type: 'string', pattern: '^[0-9]+(m|h|d)$' };
const name = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' };
const stepId = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' };
const nonEmpty = { type: 'string', minLength: 1 };
const stringList = { type: 'array', items: nonEmpty };

const stepCommon = {
  id: stepId,
  title: nonEmpty,
  width: { type: 'integer', minimum: 5, maximum: 100 },
  visibleWhen: {
    type: 'object',
    additionalProperties: false,
    required: ['parameter', 'equals'],
    properties: { parameter: name, equals: { type: 'string' } },
  },
};

export const workbookSourceSchema = {
  $id: 'workbook-source',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'description', 'version', 'metadata', 'parameters', 'steps'],
  properties: {
    id: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' },
    title: { type: 'string', minLength: 1, maxLength: 256 },
    description: nonEmpty,
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    templateId: { type: 'string', pattern: '^sentinel-[A-Za-z0-9]+$' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['workbookKey', 'logoFileName', 'subtitle', 'provider', 'dataTypesDependencies',
        'dataConnectorsDependencies', 'previewImagesFileNames'],
      properties: {
        workbookKey: { type: 'string', pattern: '^[A-Za-z0-9]+$' },
        logoFileName: nonEmpty,
        subtitle: { type: 'string' },
        provider: nonEmpty,
        dataTypesDependencies: stringList,
        dataConnectorsDependencies: stringList,
        previewImagesFileNames: stringList,
        source: { type: 'object' },
        author: { type: 'object' },
        support: { type: 'object' },
        categories: { type: 'object' },
        threatAnalysisTactics: stringList,
        threatAnalysisTechniques: stringList,
      },
    },
    parameters: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name,
          type: { enum: ['timeRange', 'workspace', 'subscription', 'dropdown', 'text'] },
          label: nonEmpty,
          description: nonEmpty,
          required: { type: 'boolean' },
          multiSelect: { type: 'boolean' },
          includeAll: { type: 'boolean' },
          default: { type: 'string' },
          options: { type: 'array', items: duration, minItems: 1 },
          query: nonEmpty,
          choices: stringList,
          sampleValue: { anyOf: [{ type: 'string' }, stringList] },
          hidden: { type: 'boolean' },
        },
      },
    },
    steps: { type: 'array', minItems: 1, items: { type: 'object' } },
  },
} as const;

/** Steps are checked one by one against the schema of their kind (text, query or group), for clear messages. */
export const textStepSchema = {
  $id: 'workbook-text-step',
  type: 'object',
  required: ['id', 'text'],
  additionalProperties: false,
  properties: { ...stepCommon, text: nonEmpty, style: { enum: ['info', 'warning', 'success', 'error', 'upsell'] } },
} as const;

export const queryStepSchema = {
  $id: 'workbook-query-step',
  type: 'object',
  required: ['id', 'query', 'visualization'],
  additionalProperties: false,
  properties: {
    ...stepCommon,
    query: nonEmpty,
    visualization: { enum: ['table', 'timechart', 'barchart', 'piechart', 'tiles'] },
    columns: {
      type: 'object',
      additionalProperties: false,
      properties: { show: stringList, x: nonEmpty, y: { anyOf: [nonEmpty, stringList] }, series: nonEmpty, subtitle: nonEmpty },
    },
    size: { enum: ['small', 'medium', 'large', 'full'] },
    noDataMessage: nonEmpty,
  },
} as const;

export const groupStepSchema = {
  $id: 'workbook-group-step',
  type: 'object',
  required: ['id', 'group'],
  additionalProperties: false,
  properties: { ...stepCommon, group: { type: 'array', minItems: 1, items: { type: 'object' } } },
} as const;
