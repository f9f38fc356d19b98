import './now.ts';
import './bin.ts';
import './start-end-of.ts';
import './parts.ts';
import './add-diff.ts';
import './format.ts';
import './make.ts';
import './ingestion-time.ts';
