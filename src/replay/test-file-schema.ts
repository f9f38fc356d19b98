/** JSON schema of a rule test file (`<rule>.test.yaml`); the format is described in docs/testing.md. */
const instant = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?(Z|[+-]\\d{2}:?\\d{2})?$' };
const count = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 } },
    },
  ],
};
/** `variants: { decline: { <variant id>: reason | { reason, coveredBy } } }` (docs/testing.md, "Variants"). */
const variants = {
  type: 'object',
  additionalProperties: false,
  properties: {
    decline: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['reason'],
            properties: { reason: { type: 'string', minLength: 1 }, coveredBy: { type: 'string', minLength: 1 } },
          },
        ],
      },
    },
  },
};
const identifierMap = { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } };

const alertExpectation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    severity: { enum: ['Informational', 'Low', 'Medium', 'High'] },
    tactics: { type: 'array', items: { type: 'string' } },
    entities: { type: 'object', additionalProperties: { type: 'array', items: identifierMap } },
    customDetails: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', items: { type: ['string', 'number', 'boolean'] } }] },
    },
    firedAt: instant,
    resultCount: { type: 'integer', minimum: 0 },
  },
};

export const TEST_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['cases'],
  properties: {
    rule: { type: 'string' },
    variants,
    noiseBudget: {
      type: 'object',
      additionalProperties: false,
      required: ['alertsPerDay'],
      properties: { alertsPerDay: { type: 'number', minimum: 0 }, reason: { type: 'string' } },
    },
    cases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'kind'],
        properties: {
          name: { type: 'string', minLength: 1 },
          kind: { enum: ['positive', 'negative'] },
          description: { type: 'string' },
          variants,
          now: instant,
          schedule: {
            type: 'object',
            additionalProperties: false,
            required: ['from', 'to'],
            properties: { from: instant, to: instant },
          },
          data: {
            type: 'array',
            items: {
              anyOf: [
                { type: 'string', minLength: 1 },
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['file'],
                  properties: { file: { type: 'string', minLength: 1 }, table: { type: 'string', minLength: 1 } },
                },
              ],
            },
          },
          rows: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
          ingestionDelay: {
            anyOf: [
              { type: 'string', minLength: 1 },
              { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } },
            ],
          },
          expect: {
            type: 'object',
            additionalProperties: false,
            properties: {
              alerts: count,
              results: count,
              incidents: count,
              alert: { type: 'array', items: alertExpectation },
              timeline: { type: 'array', items: alertExpectation },
            },
          },
        },
      },
    },
  },
} as const;
