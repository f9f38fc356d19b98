import './now.ts';
import './bin.ts';
