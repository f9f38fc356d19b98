/**
 * ingestion_time(): when the row was ingested into the workspace. Rows carry it as a hidden value beside their
 * columns (data/table.ts); the lowering passes it to this function as its only argument. A row without an
 * explicit ingestion time reads its TimeGenerated; a table without TimeGenerated, or a row made by summarize,
 * join and the like, gives null.
 */
import { defineScalar } from '../registry.ts';

defineScalar((F) => F.IngestionTime, () => (ingested: unknown) => ingested ?? null);
