import './hashes.ts';
